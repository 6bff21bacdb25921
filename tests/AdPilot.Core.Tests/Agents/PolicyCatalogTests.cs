using AdPilot.Core.Agents;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Tests.Agents;

public sealed class PolicyCatalogTests
{
    private static readonly SimulatedEnvironment World = new(DefaultFamily.Sample(3, 2));

    [Fact]
    public void Names_ListTheOracleFirst()
    {
        Assert.Equal(["oracle", "fixed", "rules", "proportional"], PolicyCatalog.Names);
    }

    [Theory]
    [InlineData("oracle", typeof(OraclePolicy))]
    [InlineData("fixed", typeof(FixedBudgetPolicy))]
    [InlineData("rules", typeof(RulesPolicy))]
    [InlineData("proportional", typeof(ProportionalPolicy))]
    public void Create_KnownName_ReturnsThePolicyOfThatName(string name, Type type)
    {
        var policy = PolicyCatalog.Create(name, World);

        Assert.IsType(type, policy);
        Assert.Equal(name, policy.Name);
        Assert.True(PolicyCatalog.IsKnown(name));
    }

    [Theory]
    [InlineData("greedy")]
    [InlineData("Oracle")]
    [InlineData("")]
    public void Create_UnknownName_ThrowsArgumentExceptionNamingIt(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => PolicyCatalog.Create(name, World));

        Assert.Contains($"'{name}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("oracle, fixed, rules, proportional", ex.Message, StringComparison.Ordinal);
        Assert.False(PolicyCatalog.IsKnown(name));
    }
}
