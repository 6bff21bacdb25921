using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Dqn;
using AdPilot.Core.Agents.QLearning;

namespace AdPilot.Core.Tests.Agents;

public sealed class LearningAgentsTests
{
    [Theory]
    [InlineData("qlearning", typeof(QLearningAgent))]
    [InlineData("dqn", typeof(DqnAgent))]
    public void Create_RegisteredKind_ReturnsAnAgentOfThatKindInTraining(string kind, Type type)
    {
        var agent = LearningAgents.Create(kind, 5);

        Assert.IsType(type, agent);
        Assert.Equal(kind, agent.Kind);
        Assert.True(agent.Training);
        Assert.True(LearningAgents.IsKnown(kind));
        Assert.Equal(0, agent.Metrics.Updates);
    }

    [Fact]
    public void Create_Seed_ReachesTheAgentsOptions()
    {
        Assert.Equal(9UL, Assert.IsType<QLearningAgent>(LearningAgents.Create("qlearning", 9)).Options.Seed);
        Assert.Equal(9UL, Assert.IsType<DqnAgent>(LearningAgents.Create("dqn", 9)).Options.Seed);
    }

    [Theory]
    [InlineData("qlearning")]
    [InlineData("dqn")]
    public void FromCheckpoint_RegisteredKind_LoadsThatKind(string kind)
    {
        var agent = LearningAgents.Create(kind, 2);

        var loaded = LearningAgentHarness.RoundTrip(agent);

        Assert.Equal(agent.GetType(), loaded.GetType());
        Assert.Equal(agent.Metrics, loaded.Metrics);
    }
}
