namespace AdPilot.Cli.Commands;

/// <summary><c>adpilot webhooks --json</c>: what was done, at which address, and the subscriptions concerned.</summary>
/// <param name="Action"><c>register</c>, <c>list</c> or <c>remove</c>.</param>
/// <param name="Url">The receiver's address; null for a list, or a remove of every address.</param>
/// <param name="Subscriptions">Registered (each saying whether it was created now), listed, or removed.</param>
internal sealed record WebhooksReport(string Action, string? Url, IReadOnlyList<WebhookRow> Subscriptions);

/// <summary>One subscription.</summary>
/// <param name="Id">Its GID.</param>
/// <param name="Topic">The topic, REST form (<c>orders/create</c>).</param>
/// <param name="Uri">Where Shopify delivers it.</param>
/// <param name="Created">For register: whether it was created now; null otherwise.</param>
internal sealed record WebhookRow(string Id, string Topic, string Uri, bool? Created);
