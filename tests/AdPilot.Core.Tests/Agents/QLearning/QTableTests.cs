using AdPilot.Core.Agents.QLearning;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Tests.Agents.QLearning;

public sealed class QTableTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Update_RandomTransitions_MatchesNaiveLoop(bool maskLastAction)
    {
        const int states = 7;
        const int actions = 3;
        const double gamma = 0.8;
        var table = new QTable(states, actions);
        var q = new double[states, actions];
        var n = new long[states, actions];
        var rng = new Rng(4);
        for (var step = 0; step < 5_000; step++)
        {
            var (s, a, next) = (rng.NextInt(states), rng.NextInt(actions), rng.NextInt(states + 1) - 1);
            var reward = rng.NextNormal();
            var rate = 0.01 + (0.2 * rng.NextDouble());
            var available = maskLastAction && rng.NextInt(2) == 0 ? actions - 1 : actions;

            var bootstrap = double.NegativeInfinity;
            for (var b = 0; b < available && next >= 0; b++)
            {
                bootstrap = Math.Max(bootstrap, q[next, b]);
            }

            var target = reward + (next >= 0 ? gamma * bootstrap : 0);
            n[s, a]++;
            var expectedError = target - q[s, a];
            q[s, a] += Math.Max(rate, 1.0 / n[s, a]) * expectedError;

            var error = maskLastAction ? table.Update(s, a, reward, next, gamma, rate, available) : table.Update(s, a, reward, next, gamma, rate);
            Assert.Equal(expectedError, error, 12);
        }

        for (var s = 0; s < states; s++)
        {
            for (var a = 0; a < actions; a++)
            {
                Assert.Equal(q[s, a], table.Row(s)[a], 12);
                Assert.Equal(n[s, a], table.Visits[(s * actions) + a]);
            }
        }
    }

    [Fact]
    public void Update_FirstVisit_TakesTheWholeTargetAndCountsTheEntry()
    {
        var table = new QTable(3, 2);

        table.Update(0, 1, reward: 2.5, nextState: -1, gamma: 0.9, learningRate: 0.1);
        table.Update(0, 1, reward: 0.5, nextState: -1, gamma: 0.9, learningRate: 0.1);
        table.Update(2, 0, reward: 1, nextState: 0, gamma: 0.5, learningRate: 0.1);

        Assert.Equal(1.5, table.Row(0)[1], 12);
        Assert.Equal(1 + (0.5 * 1.5), table.Row(2)[0], 12);
        Assert.Equal(2, table.VisitedEntries);
    }

    [Fact]
    public void Restore_NegativeVisits_Throws()
    {
        var table = new QTable(1, 2);

        Assert.Throws<ArgumentOutOfRangeException>(() => table.Restore([0.0, 0.0], [1L, -1L]));
    }
}
