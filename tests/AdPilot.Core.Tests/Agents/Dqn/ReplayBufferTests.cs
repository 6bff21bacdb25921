using AdPilot.Core.Agents.Dqn;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Tests.Agents.Dqn;

public sealed class ReplayBufferTests
{
    [Fact]
    public void Add_BeyondCapacity_OverwritesOldest()
    {
        var buffer = new ReplayBuffer(3, 1);
        for (var i = 0; i < 5; i++)
        {
            buffer.Add([i], i, i * 10, [i + 1], done: i == 4);
        }

        Assert.Equal(3, buffer.Count);
        var kept = Enumerable.Range(0, 3).Select(buffer.Action).Order().ToArray();
        Assert.Equal([2, 3, 4], kept);
        Assert.Equal(3, buffer.Action(0));
        Assert.Equal(4, buffer.Action(1));
        Assert.Equal(30f, buffer.Reward(0));
        Assert.Equal(5f, buffer.NextState(1)[0]);
        Assert.True(buffer.Done(1));
        Assert.False(buffer.Done(2));
    }

    [Fact]
    public void Sample_PartlyFilled_DrawsOnlyFilledSlotsAndCopiesThem()
    {
        var buffer = new ReplayBuffer(100, 2);
        for (var i = 0; i < 4; i++)
        {
            buffer.Add([i, -i], i, i + 0.5f, [i + 1, 0], done: i % 2 == 1);
        }

        var batch = new ReplayBatch(256, 2);
        var rng = new Rng(1);
        buffer.Sample(ref rng, batch);

        Assert.All(batch.Indices, index => Assert.InRange(index, 0, 3));
        Assert.Equal(4, batch.Indices.Distinct().Count());
        for (var i = 0; i < batch.Size; i++)
        {
            var slot = batch.Indices[i];
            Assert.Equal(slot, batch.Actions[i]);
            Assert.Equal(slot + 0.5f, batch.Rewards[i]);
            Assert.Equal([slot, -slot], batch.States.AsSpan(i * 2, 2).ToArray());
            Assert.Equal(slot + 1f, batch.NextStates[i * 2]);
            Assert.Equal(slot % 2 == 1 ? 1f : 0f, batch.Dones[i]);
        }
    }

    [Fact]
    public void Sample_SameSeed_SameBatches()
    {
        var buffer = new ReplayBuffer(50, 1);
        for (var i = 0; i < 50; i++)
        {
            buffer.Add([i], 0, 0, [i], false);
        }

        int[] Draw(ulong seed)
        {
            var rng = new Rng(seed);
            var batch = new ReplayBatch(32, 1);
            buffer.Sample(ref rng, batch);
            var first = batch.Indices.ToArray();
            buffer.Sample(ref rng, batch);
            return [.. first, .. batch.Indices];
        }

        Assert.Equal(Draw(7), Draw(7));
        Assert.NotEqual(Draw(7), Draw(8));
    }

    [Fact]
    public void Sample_Empty_Throws()
    {
        var buffer = new ReplayBuffer(4, 1);
        var rng = new Rng(1);

        Assert.Throws<InvalidOperationException>(() => buffer.Sample(ref rng, new ReplayBatch(1, 1)));
    }
}
