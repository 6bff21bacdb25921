namespace AdPilot.Cli;

/// <summary>The arguments are wrong: the command prints the message on one line and exits with code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
