using AdPilot.Core.Simulation;
using BenchmarkDotNet.Attributes;

namespace AdPilot.Benchmarks.Simulation;

/// <summary>
/// Scaling when independent scenarios run in parallel: 8 default-family worlds (8 ad sets each), 30 days each, on
/// <see cref="Threads"/> threads. Time is per ad set-hour, so near-linear scaling shows as the mean falling in
/// proportion to the threads (on a 2-core machine: about half at 2 threads).
/// </summary>
public class ParallelScalingBenchmarks
{
    private const int Hours = 30 * 24;
    private const int Scenarios = 8;

    private readonly SimulatorThroughputBenchmarks.Episode[] _episodes = Enumerable.Range(0, Scenarios)
        .Select(s => new SimulatorThroughputBenchmarks.Episode(DefaultFamily.Sample((ulong)(100 + s), DefaultFamily.DefaultAdSetCount)))
        .ToArray();

    [Params(1, 2)]
    public int Threads { get; set; }

    [Benchmark(OperationsPerInvoke = Scenarios * Hours * DefaultFamily.DefaultAdSetCount)]
    public double IndependentScenarios_PerAdSetHour()
    {
        var profits = new double[Scenarios];
        Parallel.For(0, Scenarios, new ParallelOptions { MaxDegreeOfParallelism = Threads }, s => profits[s] = _episodes[s].Run(Hours));
        return profits.Sum();
    }
}
