namespace AdPilot.Storage.Secrets;

/// <summary>The secret store's key is missing, malformed or kept somewhere it must not be; the message never holds the key.</summary>
/// <param name="message">What is wrong and how to fix it.</param>
public sealed class SecretKeyException(string message) : Exception(message);
