using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(AdPilot.Benchmarks.Simulation.SimulatorThroughputBenchmarks).Assembly).Run(args);
