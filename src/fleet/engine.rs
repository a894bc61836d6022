//! The fleet engine: plan (list the numbers, read every targeted card, compare), apply (write
//! what differs, read back, record), and read everything for an export. UI-free: it reports
//! through a [`Progress`] callback and stops on a [`Cancel`]. One engine serves a whole run
//! (plan, then apply), so what its limiter learned of the server's rate while planning holds
//! for the writes.

use std::sync::{Arc, RwLock};

use futures_util::StreamExt;
use futures_util::stream;

use super::apply::apply_one;
use super::compare::{CardRead, plan_number};
use super::desired::Desired;
use super::event::{ApplyStatus, Cancel, Event, NumberOutcome, Progress};
use super::limiter::Limiter;
use super::plan::{NumberPlan, Plan, PlanStatus};
use super::record::Records;
use crate::api::{ApiError, Client, ContactCard, PhoneNumber};

/// Allowed `--concurrency`.
pub const CONCURRENCY: std::ops::RangeInclusive<usize> = 1..=32;
pub const DEFAULT_CONCURRENCY: usize = 4;

pub struct Engine {
    /// Every request of the run goes through `limiter`.
    client: Client,
    limiter: Arc<Limiter>,
    records: Records,
    progress: Relay,
    concurrency: usize,
}

/// Where events go, changeable between the phases of a run (the CLI shows each its own bar).
#[derive(Clone)]
struct Relay(Arc<RwLock<Progress>>);

impl Relay {
    fn send(&self, event: Event) {
        let to = self.0.read().map(|p| p.clone());
        if let Ok(progress) = to {
            progress(event);
        }
    }
}

/// What an apply did; numbers it did not get to (stopped early) are not in `outcomes`.
#[derive(Debug, Clone, Default)]
pub struct ApplyReport {
    pub outcomes: Vec<NumberOutcome>,
    pub stopped: bool,
}

impl ApplyReport {
    pub fn count(&self, status: ApplyStatus) -> usize {
        self.outcomes.iter().filter(|o| o.status == status).count()
    }
}

/// Why a card read left the card unknown rather than failing the number: the GET is "coming
/// soon" upstream, so a missing route (404) or a server error (5xx) says nothing about the card.
fn classify(error: ApiError) -> CardRead {
    match error {
        ApiError::NotFound(_) | ApiError::Server(_) | ApiError::DeviceUnavailable(_) => {
            CardRead::Unreadable(format!("card could not be read ({})", server_words(&error)))
        }
        other => CardRead::Failed(other.to_string()),
    }
}

fn server_words(error: &ApiError) -> String {
    error
        .server()
        .map_or_else(|| error.to_string(), ToString::to_string)
}

impl Engine {
    pub fn new(client: &Client, concurrency: usize, records: Records, progress: Progress) -> Self {
        let concurrency = concurrency.clamp(*CONCURRENCY.start(), *CONCURRENCY.end());
        let progress = Relay(Arc::new(RwLock::new(progress)));
        let relay = progress.clone();
        let limiter = Arc::new(Limiter::new(concurrency).with_notice(Arc::new(
            move |wait, per_second| {
                relay.send(Event::RateLimited {
                    wait,
                    concurrency,
                    per_second,
                });
            },
        )));
        Self {
            client: client.clone().paced(limiter.clone()),
            limiter,
            records,
            progress,
            concurrency,
        }
    }

    /// Sends the events from now on to `progress` (the next phase of the run).
    pub fn set_progress(&self, progress: Progress) {
        if let Ok(mut slot) = self.progress.0.write() {
            *slot = progress;
        }
    }

    /// The rate learned from 429s so far (requests per second), if any.
    pub fn learned_rate(&self) -> Option<f64> {
        self.limiter.rate()
    }

    /// Every number on the key.
    pub async fn numbers(&self) -> Result<Vec<PhoneNumber>, ApiError> {
        let reply = self.client.list_numbers().await?;
        Ok(reply
            .value
            .numbers()
            .iter()
            .filter(|n| !n.number().is_empty())
            .cloned()
            .collect())
    }

    /// Reads every targeted card and compares it with `desired`. Fails only when the numbers
    /// list does; a number that cannot be read is `unknown` or `error` in the plan.
    pub async fn plan(&self, desired: &Desired) -> Result<Plan, ApiError> {
        let on_key = self.numbers().await?;
        let names: Vec<String> = on_key.iter().map(|n| n.number().to_owned()).collect();
        let targets = desired.target_numbers(&names);
        self.progress.send(Event::Listed {
            targets: targets.len(),
        });
        // Indices, not borrowed items, go through the stream: a closure taking a reference
        // cannot be proven `Send` for every lifetime, and the TUI worker spawns this future.
        let mut planned: Vec<(usize, NumberPlan)> = stream::iter(0..targets.len())
            .map(|i| {
                let number = &targets[i];
                let listed = on_key.iter().find(|n| n.number() == number);
                async move {
                    let want = Arc::new(desired.card_for(number));
                    let plan = match listed {
                        None => plan_number(
                            number,
                            None,
                            want,
                            &CardRead::Failed("not a number of this API key".into()),
                            None,
                        ),
                        Some(n) => {
                            let read = match self.client.get_card(number).await {
                                Ok(reply) => CardRead::Card(Box::new(reply.value)),
                                Err(e) => classify(e),
                            };
                            let record = self.records.get(number);
                            plan_number(
                                number,
                                n.plan_kind.as_deref(),
                                want,
                                &read,
                                record.as_ref(),
                            )
                        }
                    };
                    self.progress.send(Event::Planned(Box::new(plan.clone())));
                    (i, plan)
                }
            })
            .buffer_unordered(self.concurrency)
            .collect()
            .await;
        planned.sort_by_key(|(i, _)| *i);
        Ok(Plan {
            numbers: planned.into_iter().map(|(_, p)| p).collect(),
        })
    }

    /// Writes what `plan` says differs, at most `concurrency` requests in flight, and reads
    /// each card back. Once `cancel` fires, no number is started and no read-back is made.
    pub async fn apply(&self, plan: &Plan, cancel: &Cancel) -> ApplyReport {
        let outcomes: Vec<(usize, Option<NumberOutcome>)> = stream::iter(0..plan.numbers.len())
            .map(|i| {
                let p = &plan.numbers[i];
                async move {
                    let outcome = match p.status {
                        PlanStatus::InSync => NumberOutcome {
                            plan: p.clone(),
                            status: ApplyStatus::InSync,
                            written: Vec::new(),
                            verified: true,
                            skipped: Vec::new(),
                            error: None,
                        },
                        PlanStatus::Error => NumberOutcome {
                            plan: p.clone(),
                            status: ApplyStatus::Failed,
                            written: Vec::new(),
                            verified: false,
                            skipped: Vec::new(),
                            error: p.error.clone(),
                        },
                        PlanStatus::Change | PlanStatus::Unknown => {
                            if cancel.is_cancelled() {
                                return (i, None);
                            }
                            apply_one(&self.client, &self.records, p, cancel).await
                        }
                    };
                    self.progress
                        .send(Event::Applied(Box::new(outcome.clone())));
                    (i, Some(outcome))
                }
            })
            .buffer_unordered(self.concurrency)
            .collect()
            .await;
        let mut outcomes = outcomes;
        outcomes.sort_by_key(|(i, _)| *i);
        let stopped = outcomes.iter().any(|(_, o)| o.is_none());
        ApplyReport {
            outcomes: outcomes.into_iter().filter_map(|(_, o)| o).collect(),
            stopped,
        }
    }

    /// Every number on the key with its card as read (for an export), in the key's order.
    pub async fn read_all(
        &self,
    ) -> Result<Vec<(PhoneNumber, Result<ContactCard, ApiError>)>, ApiError> {
        let on_key = self.numbers().await?;
        self.progress.send(Event::Listed {
            targets: on_key.len(),
        });
        let mut read: Vec<(usize, PhoneNumber, Result<ContactCard, ApiError>)> =
            stream::iter(on_key.into_iter().enumerate())
                .map(|(i, n)| async move {
                    let card = self.client.get_card(n.number()).await.map(|r| r.value);
                    (i, n, card)
                })
                .buffer_unordered(self.concurrency)
                .collect()
                .await;
        read.sort_by_key(|(i, _, _)| *i);
        Ok(read.into_iter().map(|(_, n, c)| (n, c)).collect())
    }
}
