namespace AdPilot.Core.Guardrails;

/// <summary>Something the runtime must store and tell a person about (guide §11: "stop changes and alert").</summary>
/// <param name="Code">One of <see cref="GuardrailReasonCodes"/>, e.g. <see cref="GuardrailReasonCodes.RoasPause"/>.</param>
/// <param name="AccountId">The ad account it concerns.</param>
/// <param name="Message">A sentence for people, with the numbers that raised it.</param>
public sealed record GuardrailAlert(string Code, string AccountId, string Message);
