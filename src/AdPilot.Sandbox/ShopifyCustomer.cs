namespace AdPilot.Sandbox;

/// <summary>
/// A made-up buyer. Real Shopify bodies carry such personal data (names, email, phone, addresses); the sandbox puts it
/// where Shopify does so that tests can show AdPilot's connector drops it at the edge. Every value is fictitious.
/// </summary>
/// <param name="Id">The customer's numeric id.</param>
/// <param name="FirstName">The first name.</param>
/// <param name="LastName">The last name.</param>
/// <param name="Email">The email address (at <c>example.com</c>).</param>
/// <param name="Phone">The phone number (a fictitious 555 number).</param>
/// <param name="Address1">The street address.</param>
/// <param name="City">The city.</param>
/// <param name="Zip">The postal code.</param>
/// <param name="Province">The province or state.</param>
/// <param name="CountryCode">The ISO 3166 country code.</param>
public sealed record ShopifyCustomer(
    long Id, string FirstName, string LastName, string Email, string Phone, string Address1, string City, string Zip, string Province, string CountryCode);
