namespace AdPilot.Cli.Commands;

/// <summary><c>adpilot connect … --json</c>: what was connected, what was found, and whether it was saved.</summary>
/// <param name="Platform"><c>shopify</c>, <c>meta</c> or <c>tiktok</c>.</param>
/// <param name="Ok">True when nothing found blocks a run.</param>
/// <param name="Saved">True when the tokens, the connection and the accounts were written (nothing is written when access fails).</param>
/// <param name="Store">The store's shop domain.</param>
/// <param name="StoreCurrency">The store's currency, when known.</param>
/// <param name="StoreTimeZone">The store's time zone, when known.</param>
/// <param name="GrantedScopes">The scopes or permissions granted.</param>
/// <param name="MissingScopes">The ones AdPilot needs and the token lacks.</param>
/// <param name="TokenExpiresAt">When the stored token expires; null when it does not or the platform does not say.</param>
/// <param name="Accounts">The accounts chosen (none for Shopify).</param>
/// <param name="Findings">What is wrong or worth knowing, problems first.</param>
/// <param name="Webhooks">The webhook subscriptions at the public URL (Shopify with <c>Web__PublicUrl</c> set); null otherwise.</param>
internal sealed record ConnectReport(
    string Platform,
    bool Ok,
    bool Saved,
    string? Store,
    string? StoreCurrency,
    string? StoreTimeZone,
    IReadOnlyList<string> GrantedScopes,
    IReadOnlyList<string> MissingScopes,
    DateTimeOffset? TokenExpiresAt,
    IReadOnlyList<ConnectAccountRow> Accounts,
    IReadOnlyList<ConnectFindingRow> Findings,
    IReadOnlyList<WebhookRow>? Webhooks);

/// <summary>One connected account.</summary>
/// <param name="Id">The account id (Meta with <c>act_</c>).</param>
/// <param name="Name">Its name.</param>
/// <param name="Currency">Its currency.</param>
/// <param name="TimeZone">Its IANA time zone.</param>
/// <param name="Status">Its status as the platform states it.</param>
/// <param name="BudgetOwningCampaigns">Campaigns with campaign budget optimisation: their budgets are managed at campaign level.</param>
/// <param name="CurrencyMatchesStore">Whether its currency is the store's.</param>
internal sealed record ConnectAccountRow(
    string Id, string? Name, string? Currency, string? TimeZone, string? Status, IReadOnlyList<string> BudgetOwningCampaigns, bool CurrencyMatchesStore);

/// <summary>One finding.</summary>
/// <param name="Account">The account or shop it is about.</param>
/// <param name="Severity"><c>problem</c> or <c>warning</c>.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Fix">How to fix it.</param>
internal sealed record ConnectFindingRow(string Account, string Severity, string Message, string Fix);
