//! The worker's fleet jobs: the apply overlay's plan, apply and retry run on the fleet engine (the
//! one `bloocard fleet` uses: same concurrency bound, one shared 429 cooldown per job), and every
//! engine event is forwarded to the loop as a `Msg::Fleet` as it happens; the share overlay's
//! jobs run on the share engine (`share_jobs.rs`), stopped the same way. Part of the worker: the
//! only I/O here is the engine's.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::api::Client;
use crate::fleet::{Cancel, DEFAULT_CONCURRENCY, Desired, Engine, Event, Progress, Records, Stop};
use crate::tui::msg::{ErrorInfo, FleetCmd, FleetEvent, FleetJob, Msg, ReqId};
use crate::tui::replies::{Replies, Send};
use crate::tui::share_jobs::ShareJob;

#[derive(Clone)]
pub struct FleetJobs {
    client: Client,
    records: Records,
    replies: Replies,
    stops: Arc<Mutex<HashMap<ReqId, Stop>>>,
    /// Where the share jobs keep their journals (default: the state folder, as the CLI).
    share_journals: Option<PathBuf>,
}

impl FleetJobs {
    pub fn new(client: Client, records: Records, replies: Replies) -> Self {
        Self {
            client,
            records,
            replies,
            stops: Arc::default(),
            share_journals: crate::fleet::share::default_journal_dir(),
        }
    }

    /// Runs or stops a job. A job answers many times: each progress message is owed to the loop
    /// until it is received, as a result is, and so is the closing one. A stop answers nothing
    /// itself: the job it stops sends its last message.
    pub fn dispatch(&self, cmd: FleetCmd) {
        match cmd {
            FleetCmd::Run { id, job } => {
                // Registered now, so a stop dispatched right after is seen by the job.
                let cancel = self.register(id);
                let promise = self.replies.promise();
                let replies = self.replies.clone();
                let send: Send = Arc::new(move |msg| replies.promise().keep(msg));
                let this = self.clone();
                tokio::spawn(async move {
                    let msg = this.run(id, job, cancel, send).await;
                    promise.keep(msg);
                });
            }
            FleetCmd::Stop { id } => self.stop(id),
        }
    }

    pub fn with_records(mut self, records: Records) -> Self {
        self.records = records;
        self
    }

    pub fn with_share_journals(mut self, dir: Option<PathBuf>) -> Self {
        self.share_journals = dir;
        self
    }

    fn stops(&self) -> std::sync::MutexGuard<'_, HashMap<ReqId, Stop>> {
        // A map of handles only; a panic elsewhere leaves it usable.
        self.stops.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Makes job `id` stoppable; called before the job is spawned, so a stop sent right after
    /// it is never missed.
    fn register(&self, id: ReqId) -> Cancel {
        let (stop, cancel) = crate::fleet::stop_pair();
        self.stops().insert(id, stop);
        cancel
    }

    /// Stops job `id`: requests in flight finish, nothing new starts.
    fn stop(&self, id: ReqId) {
        if let Some(stop) = self.stops().remove(&id) {
            stop.stop();
        }
    }

    /// Runs the job, forwarding its progress through `send`; returns the closing message.
    async fn run(&self, id: ReqId, job: FleetJob, cancel: Cancel, send: Send) -> Msg {
        let share = ShareJob {
            client: &self.client,
            journal_dir: self.share_journals.as_deref(),
            id,
            send: send.clone(),
        };
        let msg = match job {
            FleetJob::SharePlan { selection, chats } => {
                share.plan(&selection, chats, &cancel).await
            }
            FleetJob::Stage { selection, chats } => share.stage(&selection, &chats, &cancel).await,
            job => Msg::Fleet {
                id,
                event: self.run_fleet(id, job, &cancel, &send).await,
            },
        };
        self.stops().remove(&id);
        msg
    }

    /// An apply-overlay job on the fleet engine; returns its closing event.
    async fn run_fleet(
        &self,
        id: ReqId,
        job: FleetJob,
        cancel: &Cancel,
        send: &Send,
    ) -> FleetEvent {
        let forward = send.clone();
        let progress: Progress = Arc::new(move |event| {
            let event = match event {
                Event::Planned(plan) => FleetEvent::Planned(plan),
                Event::Applied(outcome) => FleetEvent::Applied(outcome),
                Event::RateLimited {
                    wait, concurrency, ..
                } => FleetEvent::RateLimited { wait, concurrency },
                Event::Listed { .. } => return,
            };
            forward(Msg::Fleet { id, event });
        });
        let engine = Engine::new(
            &self.client,
            DEFAULT_CONCURRENCY,
            self.records.clone(),
            progress,
        );
        match job {
            FleetJob::Plan { numbers, card } => {
                let desired = Desired::same_card(numbers, card);
                let planned = until_stopped(engine.plan(&desired), cancel).await;
                FleetEvent::PlanDone(match planned {
                    Some(result) => result.map_err(|e| ErrorInfo::from(&e)),
                    None => Err(ErrorInfo::message("stopped")),
                })
            }
            FleetJob::Apply { plan } => {
                let report = engine.apply(&plan, cancel).await;
                FleetEvent::ApplyDone {
                    stopped: report.stopped,
                }
            }
            FleetJob::Retry {
                numbers,
                card,
                fields,
            } => {
                let desired = Desired::same_card(numbers, card);
                match until_stopped(engine.plan(&desired), cancel).await {
                    Some(Ok(plan)) => {
                        let plan = crate::fleet::Plan {
                            numbers: plan.numbers.iter().map(|p| p.only(&fields)).collect(),
                        };
                        send(Msg::Fleet {
                            id,
                            event: FleetEvent::PlanDone(Ok(plan.clone())),
                        });
                        let report = engine.apply(&plan, cancel).await;
                        FleetEvent::ApplyDone {
                            stopped: report.stopped,
                        }
                    }
                    Some(Err(e)) => {
                        send(Msg::Fleet {
                            id,
                            event: FleetEvent::PlanDone(Err(ErrorInfo::from(&e))),
                        });
                        FleetEvent::ApplyDone { stopped: true }
                    }
                    None => FleetEvent::ApplyDone { stopped: true },
                }
            }
            // Run by `run` on the share engine.
            FleetJob::SharePlan { .. } | FleetJob::Stage { .. } => {
                FleetEvent::ApplyDone { stopped: true }
            }
        }
    }
}

/// `work`, or `None` once `cancel` fires (reads in flight are dropped: they change nothing).
async fn until_stopped<T>(
    work: impl std::future::Future<Output = T>,
    cancel: &Cancel,
) -> Option<T> {
    let mut cancel = cancel.clone();
    tokio::select! {
        done = work => Some(done),
        () = cancel.fired() => None,
    }
}
