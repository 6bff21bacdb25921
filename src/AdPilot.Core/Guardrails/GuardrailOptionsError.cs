namespace AdPilot.Core.Guardrails;

/// <summary>One thing wrong with a <see cref="GuardrailOptions"/>.</summary>
/// <param name="Name">The option's property name, e.g. <c>MaxHourlyChange</c>.</param>
/// <param name="Message">What is wrong with it.</param>
public sealed record GuardrailOptionsError(string Name, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Message}";
}
