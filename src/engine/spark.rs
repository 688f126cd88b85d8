//! The Spark engine's client: one SQL relation sent to a Spark Connect server
//! (`ExecutePlan`), its answer read back as Arrow IPC batches into a polars frame. Every wait
//! is bounded, and what the cluster says is turned into a message that names the engine, the
//! path and what to check.

use std::io::Cursor;
use std::sync::OnceLock;
use std::time::Duration;

use polars::prelude::*;
use spark_connect_proto::execute_plan_response::ResponseType;
use spark_connect_proto::spark_connect_service_client::SparkConnectServiceClient;
use spark_connect_proto::{plan, relation, ExecutePlanRequest, Plan, Relation, Sql, UserContext};
use tonic::transport::Endpoint;
use tonic::Code;

use crate::error::{Error, PolarsContext, Result};

/// How long to wait for the server to answer a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a query may run, unless `TOURSTAT_SPARK_TIMEOUT` (seconds) says otherwise.
const QUERY_TIMEOUT: Duration = Duration::from_secs(600);

/// One session per process: the server keeps its state (and warm caches) between the
/// questions of one command.
fn session_id() -> &'static str {
    static SESSION: OnceLock<String> = OnceLock::new();
    SESSION.get_or_init(|| uuid::Uuid::new_v4().to_string())
}

fn query_timeout() -> Duration {
    std::env::var("TOURSTAT_SPARK_TIMEOUT")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map_or(QUERY_TIMEOUT, Duration::from_secs_f64)
}

/// Runs `sql` on the Spark Connect server at `address` (`host:port`) and returns its answer.
pub fn run_sql(address: &str, sql: &str) -> Result<DataFrame> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| {
        Error::Internal { what: "starting the Spark client".into(), source: Some(Box::new(e)) }
    })?;
    let timeout = query_timeout();
    let answer = runtime.block_on(async { tokio::time::timeout(timeout, execute(address, sql)).await });
    match answer {
        Ok(result) => result,
        Err(_) => Err(Error::Usage(format!(
            "engine spark://{address}: no answer within {} s; the cluster may be busy or the query too large (TOURSTAT_SPARK_TIMEOUT sets the limit in seconds)",
            timeout.as_secs_f64()
        ))),
    }
}

async fn execute(address: &str, sql: &str) -> Result<DataFrame> {
    let engine = format!("spark://{address}");
    let endpoint = Endpoint::from_shared(format!("http://{address}"))
        .map_err(|e| Error::Usage(format!("engine {engine}: not an address: {e}")))?
        .connect_timeout(CONNECT_TIMEOUT);
    let channel = endpoint.connect().await.map_err(|e| {
        Error::Usage(format!(
            "engine {engine}: no Spark Connect server answers there ({}); check the address and port, and that the server runs (sbin/start-connect-server.sh)",
            source_chain(&e)
        ))
    })?;
    let mut client = SparkConnectServiceClient::new(channel).max_decoding_message_size(usize::MAX);
    let request = ExecutePlanRequest {
        session_id: session_id().to_string(),
        user_context: Some(UserContext {
            user_id: "tourstat".into(),
            user_name: "tourstat".into(),
            ..Default::default()
        }),
        plan: Some(Plan {
            op_type: Some(plan::OpType::Root(Relation {
                common: None,
                rel_type: Some(relation::RelType::Sql(Sql { query: sql.to_string(), ..Default::default() })),
            })),
        }),
        client_type: Some(format!("tourstat/{}", env!("CARGO_PKG_VERSION"))),
        ..Default::default()
    };
    let mut stream = client.execute_plan(request).await.map_err(|s| refused(&engine, &s))?.into_inner();
    let mut frames: Vec<DataFrame> = Vec::new();
    // A batch may come in chunks (servers from Spark 4.1 on, when asked): gathered by index.
    let mut chunks: Vec<u8> = Vec::new();
    while let Some(response) = stream.message().await.map_err(|s| refused(&engine, &s))? {
        let Some(ResponseType::ArrowBatch(batch)) = response.response_type else { continue };
        let chunked = batch.num_chunks_in_batch.is_some_and(|n| n > 1);
        if chunked {
            chunks.extend_from_slice(&batch.data);
            let last = batch.chunk_index.unwrap_or(0) + 1 == batch.num_chunks_in_batch.unwrap_or(1);
            if !last {
                continue;
            }
            frames.push(read_arrow(&engine, &std::mem::take(&mut chunks))?);
        } else {
            frames.push(read_arrow(&engine, &batch.data)?);
        }
    }
    let mut frames = frames.into_iter();
    let Some(mut all) = frames.next() else { return Ok(DataFrame::empty()) };
    for f in frames {
        all.vstack_mut_owned(f).context("gathering the Spark answer")?;
    }
    Ok(all)
}

/// One Arrow IPC stream (a schema and its record batches) as a frame.
fn read_arrow(engine: &str, data: &[u8]) -> Result<DataFrame> {
    IpcStreamReader::new(Cursor::new(data))
        .finish()
        .context(&format!("engine {engine}: reading its answer (Arrow)"))
}

/// A status from the server as a message: what failed, and what to check.
fn refused(engine: &str, status: &tonic::Status) -> Error {
    let message = status.message();
    // The first line carries Spark's error class and its message; the rest is a stack trace.
    let first = message.lines().next().unwrap_or("").trim();
    let check = if message.contains("PATH_NOT_FOUND") || message.contains("FileNotFoundException") {
        "the cluster cannot read the store at that path: put the store where the cluster sees it (a shared folder or object storage) and name it with --remote-store"
    } else if message.contains("UNRESOLVED_COLUMN") || message.contains("CANNOT_MERGE_SCHEMAS") {
        "the files at that path are not a tourstat store's booking flows (booked_on, travel_date, market, seats); check --remote-store"
    } else {
        match status.code() {
            Code::Unavailable => {
                "no Spark Connect server answers there; check the address and port, and that the server runs"
            }
            Code::DeadlineExceeded => {
                "the query ran out of time; TOURSTAT_SPARK_TIMEOUT sets the limit in seconds"
            }
            Code::Unimplemented => {
                "the server does not speak Spark Connect (is the port the Spark Connect server's?)"
            }
            _ => "the server refused the query",
        }
    };
    Error::Usage(format!("engine {engine}: {check}: {first}"))
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
