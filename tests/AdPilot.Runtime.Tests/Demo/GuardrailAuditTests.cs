using AdPilot.Core.Guardrails;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Demo;
using AdPilot.Sandbox;

namespace AdPilot.Runtime.Tests.Demo;

public sealed class GuardrailAuditTests
{
    [Fact]
    public void A_world_left_alone_breaks_nothing()
    {
        var world = new SandboxWorld(DefaultFamily.Preset());
        world.Advance(5);
        var start = world.Clock.GetUtcNow();
        world.Advance(10);

        Assert.Empty(GuardrailAudit.Check(world, new GuardrailOptions(), start, world.Clock.GetUtcNow(), _ => RolloutStage.Expand));
    }

    [Fact]
    public void A_move_too_big_too_soon_or_in_shadow_is_found_in_the_world_s_record()
    {
        var world = new SandboxWorld(DefaultFamily.Preset());
        world.Advance(5);
        var start = world.Clock.GetUtcNow();
        var budget = world.SettingsOf(0).DailyBudget;
        world.Change(0, s => s with { DailyBudget = budget * 1.5m });
        world.Advance(1);
        world.Change(0, s => s with { DailyBudget = budget * 1.6m });
        world.Advance(3);
        var end = world.Clock.GetUtcNow();

        var expand = GuardrailAudit.Check(world, new GuardrailOptions(), start, end, _ => RolloutStage.Expand);
        var shadow = GuardrailAudit.Check(world, new GuardrailOptions(), start, end, _ => RolloutStage.Shadow);

        Assert.Contains(expand, v => v.Contains("more than 25", StringComparison.Ordinal));
        Assert.Contains(expand, v => v.Contains("cool-down", StringComparison.Ordinal));
        Assert.Contains(shadow, v => v.Contains("in shadow", StringComparison.Ordinal));
    }
}
