using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace AdPilot.Web.Dashboard;

/// <summary>
/// Data-protection keys held in memory only: sessions and antiforgery tokens end with the process, and no key is ever
/// written to disk (the default would write unencrypted keys under the user's profile).
/// </summary>
internal sealed class InMemoryXmlRepository : IXmlRepository
{
    private readonly Lock _gate = new();
    private readonly List<XElement> _elements = [];

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_gate)
        {
            return [.. _elements.Select(e => new XElement(e))];
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        lock (_gate)
        {
            _elements.Add(new XElement(element));
        }
    }
}
