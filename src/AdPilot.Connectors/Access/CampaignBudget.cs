namespace AdPilot.Connectors.Access;

/// <summary>One campaign and whether it owns the budget (campaign budget optimisation): then its ad sets have none of their own.</summary>
/// <param name="CampaignId">The campaign id.</param>
/// <param name="Name">The campaign's name.</param>
/// <param name="OwnsBudget">Whether the campaign holds a daily or lifetime budget.</param>
public sealed record CampaignBudget(string CampaignId, string? Name, bool OwnsBudget);
