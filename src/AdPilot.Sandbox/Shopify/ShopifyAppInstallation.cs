using System.Text.Json.Nodes;
using AdPilot.Sandbox.Access;

namespace AdPilot.Sandbox.Shopify;

/// <summary>
/// <c>currentAppInstallation { id accessScopes { handle description } }</c>: the access scopes the app was granted on the
/// shop, as the run's <see cref="SandboxAccess.ShopifyScopes"/> says.
/// </summary>
internal static class ShopifyAppInstallation
{
    public static JsonObject Resolve(GraphQlField field, SandboxAccess access)
    {
        var installation = new JsonObject();
        foreach (var f in Selection(field, [field.Alias]))
        {
            installation[f.Alias] = f.Name switch
            {
                "id" => "gid://shopify/AppInstallation/1001",
                "accessScopes" => new JsonArray(access.ShopifyScopes.Select(s => (JsonNode)Scope(f, s)).ToArray()),
                "__typename" => "AppInstallation",
                _ => throw new GraphQlFieldException($"Field '{f.Name}' doesn't exist on type 'AppInstallation'", f, [field.Alias, f.Alias], "undefinedField"),
            };
        }

        return installation;
    }

    private static JsonObject Scope(GraphQlField field, string handle)
    {
        var scope = new JsonObject();
        foreach (var f in Selection(field, [field.Alias]))
        {
            scope[f.Alias] = f.Name switch
            {
                "handle" => handle,
                "description" => "Access to " + handle.Replace('_', ' '),
                "__typename" => "AccessScope",
                _ => throw new GraphQlFieldException($"Field '{f.Name}' doesn't exist on type 'AccessScope'", f, [field.Alias, f.Alias], "undefinedField"),
            };
        }

        return scope;
    }

    private static IReadOnlyList<GraphQlField> Selection(GraphQlField field, IReadOnlyList<string> path) =>
        field.Selection ?? throw new GraphQlFieldException($"Field must have selections (field '{field.Name}' returns an object)", field, path, "selectionMismatch");
}
