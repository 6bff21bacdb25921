namespace AdPilot.Runtime.Onboarding;

/// <summary>One line of <c>adpilot doctor</c>'s table.</summary>
/// <param name="Name">What was checked, e.g. <c>database</c> or <c>meta act_123</c>.</param>
/// <param name="Status">How it went.</param>
/// <param name="Detail">What was found.</param>
/// <param name="Fix">How to fix it; null when nothing needs fixing.</param>
public sealed record DoctorCheck(string Name, DoctorStatus Status, string Detail, string? Fix);
