using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using BenchmarkDotNet.Attributes;

namespace AdPilot.Benchmarks.Simulation;

/// <summary>
/// Simulator throughput on one core: a 30-day episode with set-and-forget actions, of the default world (the
/// <c>default</c> preset, 8 ad sets) and of a 64-ad-set world from the same family. BenchmarkDotNet reports the time
/// per ad set-hour (OperationsPerInvoke), so ad set-hours per second = 1 s ÷ Mean. Target: at least 5 million.
/// </summary>
[MemoryDiagnoser]
public class SimulatorThroughputBenchmarks
{
    private const int Hours = 30 * 24;

    private readonly Episode _default = new(DefaultFamily.Preset());
    private readonly Episode _large = new(DefaultFamily.Sample(DefaultFamily.PresetSeed, 64));

    [Benchmark(Baseline = true, OperationsPerInvoke = Hours * DefaultFamily.DefaultAdSetCount)]
    public double DefaultWorld_PerAdSetHour() => _default.Run(Hours);

    [Benchmark(OperationsPerInvoke = Hours * 64)]
    public double SixtyFourAdSets_PerAdSetHour() => _large.Run(Hours);

    /// <summary>A world and the actions that change nothing, prepared once so the loop measures only the simulator.</summary>
    internal sealed class Episode
    {
        private readonly SimulatedEnvironment _world;
        private readonly AdAction[] _keep;

        public Episode(Scenario scenario)
        {
            _world = new SimulatedEnvironment(scenario);
            var first = _world.Reset();
            _keep = new AdAction[scenario.AdSets.Count];
            for (var i = 0; i < _keep.Length; i++)
            {
                _keep[i] = AdAction.Keep(first.States[i]);
            }
        }

        public double Run(int hours)
        {
            _world.Reset();
            var profit = 0.0;
            for (var t = 0; t < hours; t++)
            {
                foreach (var reward in _world.Step(_keep).Rewards)
                {
                    profit += reward.Profit;
                }
            }

            return profit;
        }
    }
}
