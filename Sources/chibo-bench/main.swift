import ChiboBenchmark

await Bench.main()
