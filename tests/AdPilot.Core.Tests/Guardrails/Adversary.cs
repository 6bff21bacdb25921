namespace AdPilot.Core.Tests.Guardrails;

/// <summary>How a simulated policy misbehaves.</summary>
internal enum Adversary
{
    /// <summary>Anything: random moves, absurd amounts, negative budgets, decimal extremes.</summary>
    Chaos = 0,

    /// <summary>Always asks for ten times the budget, activation and a new creative.</summary>
    Greedy = 1,

    /// <summary>Swings up and down every hour, exactly at and just past the hourly limit.</summary>
    Oscillating = 2,

    /// <summary>Small moves and moves exactly onto every bound.</summary>
    Boundary = 3,
}
