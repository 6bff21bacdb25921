using AdPilot.Core.Domain;

namespace AdPilot.Core.Simulation;

/// <summary>An ad set an environment manages, with the budget range every action is held to.</summary>
/// <param name="Ref">The ad set's platform and id.</param>
/// <param name="Name">Its readable name.</param>
/// <param name="MinDailyBudget">The smallest daily budget allowed.</param>
/// <param name="MaxDailyBudget">The largest daily budget allowed.</param>
/// <param name="StartingDailyBudget">The daily budget people had set before any policy acted.</param>
public sealed record AdSetDescriptor(AdSetRef Ref, string Name, double MinDailyBudget, double MaxDailyBudget, double StartingDailyBudget);
