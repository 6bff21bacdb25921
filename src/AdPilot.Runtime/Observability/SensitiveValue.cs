namespace AdPilot.Runtime.Observability;

/// <summary>A value that must not appear in logs, reports or stored rows.</summary>
/// <param name="Label">What it is, for findings (e.g. <c>META__ACCESSTOKEN</c>, <c>customer email</c>); never the value.</param>
/// <param name="Value">The value itself.</param>
/// <param name="Kind">Secret or personal data.</param>
public readonly record struct SensitiveValue(string Label, string Value, SensitiveKind Kind);
