/** The 10,000-fridge figures: written below (bulk import first). */
export async function scaleBench(fridges: number): Promise<void> {
  throw new Error(`BENCH_SCALE=${fridges}: not measured yet`);
}
