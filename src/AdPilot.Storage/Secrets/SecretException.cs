namespace AdPilot.Storage.Secrets;

/// <summary>A stored secret cannot be read: written under another key, tampered with, or moved; the message never holds a value.</summary>
/// <param name="message">What is wrong.</param>
public sealed class SecretException(string message) : Exception(message);
