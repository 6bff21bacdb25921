namespace AdPilot.Runtime.Scheduling;

/// <summary>What one attempt at an account-hour did.</summary>
/// <param name="Work">The account-hour.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Error">The failure's message, when it failed.</param>
public sealed record AccountHourResult(AccountHour Work, AccountHourOutcome Outcome, string? Error);
