namespace AdPilot.Storage.Audit;

/// <summary>An admin action to record.</summary>
/// <param name="Actor">Who.</param>
/// <param name="Action">What (see <see cref="AdminActions"/>).</param>
/// <param name="Target">On what: an approval, an ad account, a checkpoint version, a secret's name, a webhook address.</param>
/// <param name="Details">More about it, written as a JSON object of strings; never a secret's value.</param>
public sealed record AdminAuditRecord(AdminActor Actor, string Action, string Target, IReadOnlyDictionary<string, string?>? Details = null);
