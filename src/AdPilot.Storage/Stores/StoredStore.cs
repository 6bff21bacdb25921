namespace AdPilot.Storage.Stores;

/// <summary>A store as stored: its id, which every other row carries, and its profile.</summary>
/// <param name="Id">The store id.</param>
/// <param name="Profile">The settings.</param>
public sealed record StoredStore(long Id, StoreProfile Profile);
