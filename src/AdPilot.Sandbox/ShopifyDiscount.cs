using AdPilot.Core.Domain;

namespace AdPilot.Sandbox;

/// <summary>A discount code applied to a simulated order.</summary>
/// <param name="Code">The code the buyer typed, e.g. <c>WELCOME10</c>.</param>
/// <param name="Type">Shopify's REST discount type: <c>percentage</c> or <c>fixed_amount</c>.</param>
/// <param name="Amount">The money it took off the order.</param>
public sealed record ShopifyDiscount(string Code, string Type, Money Amount);
