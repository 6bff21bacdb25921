namespace AdPilot.Cli.Commands;

/// <summary><c>adpilot doctor --json</c>: whether a run can start, and every check.</summary>
/// <param name="Ok">True when no check is a problem.</param>
/// <param name="Checks">The checks, in the order they ran.</param>
internal sealed record DoctorReport(bool Ok, IReadOnlyList<DoctorRow> Checks);

/// <summary>One check.</summary>
/// <param name="Name">What was checked.</param>
/// <param name="Status"><c>ok</c>, <c>warning</c> or <c>problem</c>.</param>
/// <param name="Detail">What was found.</param>
/// <param name="Fix">How to fix it; null when nothing needs fixing.</param>
internal sealed record DoctorRow(string Name, string Status, string Detail, string? Fix);
