namespace AdPilot.Runtime.Onboarding;

/// <summary>One thing wrong with an account's access: what, and how to fix it.</summary>
/// <param name="Severity">Whether it blocks a run.</param>
/// <param name="Message">What is wrong, naming the account and what is missing.</param>
/// <param name="Fix">What the store owner does about it.</param>
public sealed record AccessFinding(AccessSeverity Severity, string Message, string Fix);
