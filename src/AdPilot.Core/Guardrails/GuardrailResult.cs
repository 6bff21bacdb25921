namespace AdPilot.Core.Guardrails;

/// <summary>The guardrails' judgement of one hour of one account's proposals.</summary>
/// <param name="Decisions">One decision per ad set that had a proposal, in input order.</param>
/// <param name="Alerts">Alerts for the runtime to store and send (e.g. a ROAS pause), raised on every evaluation while the condition holds.</param>
public sealed record GuardrailResult(IReadOnlyList<GuardrailDecision> Decisions, IReadOnlyList<GuardrailAlert> Alerts);
