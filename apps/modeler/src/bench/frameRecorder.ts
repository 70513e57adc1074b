/** Records requestAnimationFrame deltas between `start()` and `stop()` (the benchmark's probe). */
export function createFrameRecorder() {
  let deltas: number[] = [];
  let last = 0;
  let running = false;
  const tick = (t: number) => {
    if (!running) return;
    if (last > 0) deltas.push(t - last);
    last = t;
    requestAnimationFrame(tick);
  };
  return {
    start() {
      deltas = [];
      last = 0;
      running = true;
      requestAnimationFrame(tick);
    },
    stop(): number[] {
      running = false;
      return deltas;
    },
  };
}
