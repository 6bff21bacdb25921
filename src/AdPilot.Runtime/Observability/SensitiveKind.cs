namespace AdPilot.Runtime.Observability;

/// <summary>What a sensitive value is.</summary>
public enum SensitiveKind
{
    /// <summary>A credential: an access token, an app secret, a webhook secret or URL, a password.</summary>
    Secret = 0,

    /// <summary>Customer data: a name, an email address, a postal address, a phone number.</summary>
    PersonalData = 1,
}
