namespace AdPilot.Sandbox.Access;

/// <summary>The current <see cref="SandboxAccess"/>, read by every request and replaced whole.</summary>
internal sealed class SandboxAccessHolder(SandboxAccess initial)
{
    private SandboxAccess _current = initial;

    public SandboxAccess Current
    {
        get => Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value);
    }
}
