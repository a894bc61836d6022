//! Counting API requests in flight and adding the configured latency (see [`super::latency`]).

use std::time::Duration;

use super::control::DemoControl;

/// One API request being handled: counted from when its body has arrived until its answer is
/// ready (or the connection is dropped).
pub struct InFlight {
    ctl: DemoControl,
}

impl InFlight {
    /// Counts the request in, then waits the configured latency.
    pub async fn enter(ctl: &DemoControl) -> InFlight {
        let latency = {
            let mut state = ctl.lock();
            let load = &mut state.load;
            load.in_flight += 1;
            load.peak_in_flight = load.peak_in_flight.max(load.in_flight);
            load.latency
        };
        let guard = InFlight { ctl: ctl.clone() };
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
        guard
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut state = self.ctl.lock();
        state.load.in_flight = state.load.in_flight.saturating_sub(1);
    }
}

impl DemoControl {
    /// Every API request waits this long before it is handled.
    pub fn set_latency(&self, latency: Duration) {
        self.lock().load.latency = latency;
    }

    /// The most API requests that were being handled at once since the start (or the last reset).
    pub fn peak_in_flight(&self) -> usize {
        self.lock().load.peak_in_flight
    }

    /// Requests being handled now, and the most at once.
    pub fn in_flight(&self) -> (usize, usize) {
        let state = self.lock();
        (state.load.in_flight, state.load.peak_in_flight)
    }

    pub fn reset_peak_in_flight(&self) {
        let mut state = self.lock();
        state.load.peak_in_flight = state.load.in_flight;
    }
}
