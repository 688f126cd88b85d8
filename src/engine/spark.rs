//! The Spark engine's client: one SQL relation sent to a Spark Connect server
//! (`ExecutePlan`), its answer read back as Arrow IPC batches into a polars frame. The server
//! is first asked its version, within a short limit, so that a port where nothing (or
//! something else) answers fails at once and a long query gets the long limit. Text values
//! (market names) travel as named parameters, never inside the SQL text. What the cluster says
//! is turned into a message that names the engine, the path and what to check.

use std::collections::HashMap;
use std::io::Cursor;
use std::sync::OnceLock;
use std::time::Duration;

use polars::prelude::*;
use spark_connect_proto::analyze_plan_request::{Analyze, SparkVersion};
use spark_connect_proto::execute_plan_response::ResponseType;
use spark_connect_proto::expression::{literal::LiteralType, ExprType, Literal};
use spark_connect_proto::spark_connect_service_client::SparkConnectServiceClient;
use spark_connect_proto::{
    plan, relation, AnalyzePlanRequest, ExecutePlanRequest, Expression, Plan, Relation, Sql, UserContext,
};
use tonic::transport::{Channel, Endpoint};
use tonic::Code;

use super::SqlQuery;
use crate::error::{Error, Result};

/// How long the server may take to accept a connection and say its version.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

/// How long a query may run, unless `TOURSTAT_SPARK_TIMEOUT` (seconds) says otherwise.
const QUERY_TIMEOUT: Duration = Duration::from_secs(600);

/// The longest limit `TOURSTAT_SPARK_TIMEOUT` may set: a week.
const MAX_TIMEOUT: Duration = Duration::from_secs(7 * 24 * 3600);

/// One session per process: the server keeps its state (and warm caches) between the
/// questions of one command.
fn session_id() -> &'static str {
    static SESSION: OnceLock<String> = OnceLock::new();
    SESSION.get_or_init(|| uuid::Uuid::new_v4().to_string())
}

/// The query time limit: `TOURSTAT_SPARK_TIMEOUT` seconds, or 600.
pub fn query_timeout() -> Result<Duration> {
    let Ok(text) = std::env::var("TOURSTAT_SPARK_TIMEOUT") else { return Ok(QUERY_TIMEOUT) };
    let seconds = text.trim().parse::<f64>().ok().filter(|s| s.is_finite() && *s > 0.0);
    match seconds.and_then(|s| Duration::try_from_secs_f64(s).ok()) {
        Some(d) if d <= MAX_TIMEOUT => Ok(d),
        _ => Err(Error::Usage(format!(
            "TOURSTAT_SPARK_TIMEOUT must be a number of seconds above 0 and at most a week ({}), got \"{text}\"",
            MAX_TIMEOUT.as_secs()
        ))),
    }
}

fn failed(address: &str, message: impl Into<String>) -> Error {
    Error::Engine { engine: format!("spark://{address}"), message: message.into() }
}

/// Runs `query` on the Spark Connect server at `address` (`host:port`) and returns its answer.
pub fn run_sql(address: &str, query: &SqlQuery) -> Result<DataFrame> {
    let timeout = query_timeout()?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| {
        Error::Internal { what: "starting the Spark client".into(), source: Some(Box::new(e)) }
    })?;
    runtime.block_on(async {
        let mut client = match tokio::time::timeout(CONNECT_TIMEOUT, connect(address)).await {
            Ok(client) => client?,
            Err(_) => {
                return Err(failed(
                    address,
                    format!(
                        "the server accepted the connection but did not answer within {} s; is that port a Spark Connect server's (15002 unless it says otherwise), not its web UI's?",
                        CONNECT_TIMEOUT.as_secs()
                    ),
                ))
            }
        };
        match tokio::time::timeout(timeout, execute(&mut client, address, query)).await {
            Ok(result) => result,
            Err(_) => Err(failed(
                address,
                format!(
                    "no answer within {} s; the cluster may be busy or the query too large (TOURSTAT_SPARK_TIMEOUT sets the limit in seconds)",
                    timeout.as_secs_f64()
                ),
            )),
        }
    })
}

fn user() -> Option<UserContext> {
    Some(UserContext { user_id: "tourstat".into(), user_name: "tourstat".into(), ..Default::default() })
}

fn client_type() -> Option<String> {
    Some(format!("tourstat/{}", env!("CARGO_PKG_VERSION")))
}

/// A client of the server at `address` that has answered a version request.
async fn connect(address: &str) -> Result<SparkConnectServiceClient<Channel>> {
    let endpoint = Endpoint::from_shared(format!("http://{address}"))
        .map_err(|e| failed(address, format!("not an address: {e}")))?
        .connect_timeout(CONNECT_TIMEOUT);
    let channel = endpoint.connect().await.map_err(|e| {
        failed(
            address,
            format!(
                "no Spark Connect server answers there ({}); check the address and port, and that the server runs (sbin/start-connect-server.sh)",
                source_chain(&e)
            ),
        )
    })?;
    let mut client = SparkConnectServiceClient::new(channel).max_decoding_message_size(usize::MAX);
    let version = AnalyzePlanRequest {
        session_id: session_id().to_string(),
        user_context: user(),
        client_type: client_type(),
        analyze: Some(Analyze::SparkVersion(SparkVersion {})),
        ..Default::default()
    };
    client.analyze_plan(version).await.map_err(|s| refused(address, &s, true))?;
    Ok(client)
}

async fn execute(
    client: &mut SparkConnectServiceClient<Channel>,
    address: &str,
    query: &SqlQuery,
) -> Result<DataFrame> {
    let literal = |v: &str| Expression {
        common: None,
        expr_type: Some(ExprType::Literal(Literal {
            literal_type: Some(LiteralType::String(v.to_string())),
            ..Default::default()
        })),
    };
    let named: HashMap<String, Expression> =
        query.args.iter().map(|(k, v)| (k.clone(), literal(v))).collect();
    let request = ExecutePlanRequest {
        session_id: session_id().to_string(),
        user_context: user(),
        plan: Some(Plan {
            op_type: Some(plan::OpType::Root(Relation {
                common: None,
                rel_type: Some(relation::RelType::Sql(Sql {
                    query: query.text.clone(),
                    named_arguments: named,
                    ..Default::default()
                })),
            })),
        }),
        client_type: client_type(),
        ..Default::default()
    };
    let mut stream =
        client.execute_plan(request).await.map_err(|s| refused(address, &s, false))?.into_inner();
    let mut frames: Vec<DataFrame> = Vec::new();
    // A batch may come in chunks (servers from Spark 4.1 on, when asked): gathered in order.
    let mut chunks: Vec<u8> = Vec::new();
    while let Some(response) = stream.message().await.map_err(|s| refused(address, &s, false))? {
        let Some(ResponseType::ArrowBatch(batch)) = response.response_type else { continue };
        if batch.num_chunks_in_batch.is_some_and(|n| n > 1) {
            chunks.extend_from_slice(&batch.data);
            let last = batch.chunk_index.unwrap_or(0) + 1 == batch.num_chunks_in_batch.unwrap_or(1);
            if last {
                frames.push(read_arrow(address, &std::mem::take(&mut chunks))?);
            }
        } else {
            frames.push(read_arrow(address, &batch.data)?);
        }
    }
    let mut frames = frames.into_iter();
    let Some(mut all) = frames.next() else { return Ok(DataFrame::empty()) };
    for f in frames {
        all.vstack_mut_owned(f).map_err(|e| failed(address, format!("gathering its answer: {e}")))?;
    }
    Ok(all)
}

/// One Arrow IPC stream (a schema and its record batches) as a frame.
fn read_arrow(address: &str, data: &[u8]) -> Result<DataFrame> {
    IpcStreamReader::new(Cursor::new(data))
        .finish()
        .map_err(|e| failed(address, format!("its answer is not the Arrow data expected: {e}")))
}

/// A status from the server as a message: what failed, and what to check. `probing`: the
/// status answered the version request, before any query.
fn refused(address: &str, status: &tonic::Status, probing: bool) -> Error {
    let message = status.message();
    // The first line carries Spark's error class and its message; the rest is a stack trace.
    let first = message.lines().next().unwrap_or("").trim();
    let check = if message.contains("PATH_NOT_FOUND") || message.contains("FileNotFoundException") {
        "the cluster cannot read the store at that path: put the store where the cluster sees it (a shared folder or object storage), sync it after each ingest, and name it with --remote-store"
    } else if message.contains("UNRESOLVED_COLUMN") || message.contains("CANNOT_MERGE_SCHEMAS") {
        "the files at that path are not a tourstat store's booking flows (booked_on, travel_date, market, seats); check --remote-store"
    } else if message.contains("UNSUPPORTED_DATASOURCE_FOR_DIRECT_QUERY")
        || message.contains("No FileSystem for scheme")
    {
        "the cluster cannot read files at that address: does it have the connector for its scheme (s3a:// needs hadoop-aws)?"
    } else if message.contains("FAILED_READ_FILE") {
        "the cluster could not read a file of the store: run `tourstat check` on the store, and sync the copy the cluster reads again"
    } else if message.contains("h2 protocol error")
        || message.contains("http2 error")
        || status.code() == Code::Unimplemented
    {
        "the server does not speak Spark Connect (is the port the Spark Connect server's, 15002 unless it says otherwise, and not its web UI's?)"
    } else if status.code() == Code::Unavailable || message.contains("transport error") {
        if probing {
            "no Spark Connect server answers there; check the address and port, and that the server runs"
        } else {
            "the connection to the server was lost while the query ran; check that the server is still up"
        }
    } else if status.code() == Code::DeadlineExceeded {
        "the query ran out of time; TOURSTAT_SPARK_TIMEOUT sets the limit in seconds"
    } else {
        "the server refused the query"
    };
    failed(address, format!("{check}: {first}"))
}

/// An error and its sources, joined.
fn source_chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.dedup();
    parts.join(": ")
}
