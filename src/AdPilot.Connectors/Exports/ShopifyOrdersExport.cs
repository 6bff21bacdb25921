using System.Globalization;
using System.Text.RegularExpressions;
using AdPilot.Connectors.Shopify;
using AdPilot.Core.Domain;

namespace AdPilot.Connectors.Exports;

/// <summary>
/// Reads Shopify's orders export (Orders → Export → CSV). The file has one row per line item: the order's own fields
/// (<c>Total</c>, <c>Created at</c>, <c>Currency</c>, <c>Refunded Amount</c>…) are on its first row and blank on the
/// others, which share its <c>Name</c>. Timestamps carry their UTC offset. The standard export has no landing page, so
/// orders can be tied to ad sets only when the file also has a <c>Landing Site</c> column or UTM parameters in its
/// <c>Note Attributes</c> (as attribution apps write them); the caller falls back to modelled attribution otherwise.
/// </summary>
public static partial class ShopifyOrdersExport
{
    /// <summary>The columns of Shopify's standard orders export that a backtest does not read; they are ignored without a warning.</summary>
    public static readonly IReadOnlySet<string> StandardColumns = new HashSet<string>(
        new[]
        {
            "Email", "Financial Status", "Fulfillment Status", "Fulfilled at", "Accepts Marketing", "Subtotal", "Shipping", "Taxes",
            "Shipping Method", "Lineitem name", "Lineitem compare at price", "Lineitem requires shipping", "Lineitem taxable",
            "Lineitem fulfillment status", "Billing Name", "Billing Street", "Billing Address1", "Billing Address2", "Billing Company",
            "Billing City", "Billing Zip", "Billing Province", "Billing Country", "Billing Phone", "Shipping Name", "Shipping Street",
            "Shipping Address1", "Shipping Address2", "Shipping Company", "Shipping City", "Shipping Zip", "Shipping Province",
            "Shipping Country", "Shipping Phone", "Notes", "Payment Method", "Payment Reference", "Vendor", "Outstanding Balance",
            "Employee", "Location", "Device ID", "Tags", "Risk Level", "Lineitem discount", "Tax 1 Name", "Tax 1 Value", "Tax 2 Name",
            "Tax 2 Value", "Tax 3 Name", "Tax 3 Value", "Tax 4 Name", "Tax 4 Value", "Tax 5 Name", "Tax 5 Value", "Phone",
            "Receipt Number", "Duties", "Billing Province Name", "Shipping Province Name", "Payment ID", "Payment Terms Name",
            "Next Payment Due At", "Payment References",
        }.Select(ExportColumns.Normalize),
        StringComparer.Ordinal);

    private static readonly string[] LandingColumns = ["Landing Site", "Landing site", "Landing Page", "Landing Page URL", "landing_site"];

    /// <summary>Reads an export.</summary>
    /// <param name="document">The CSV file.</param>
    /// <returns>The orders.</returns>
    /// <exception cref="ExportFormatException">A required column is missing, a value cannot be read, or an order's rows disagree.</exception>
    public static OrderExport Read(CsvDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var file = document.File;
        var columns = new ExportColumns(document);
        var name = columns.Require("order name", "Name");
        var created = columns.Require("creation time", "Created at");
        var currency = columns.Require("currency", "Currency");
        var total = columns.Require("total", "Total");
        var id = columns.Find("Id", "ID");
        var paid = columns.Find("Paid at");
        var cancelled = columns.Find("Cancelled at");
        var refunded = columns.Find("Refunded Amount");
        var discount = columns.Find("Discount Amount");
        var discountCode = columns.Find("Discount Code");
        var source = columns.Find("Source");
        var quantity = columns.Find("Lineitem quantity");
        var price = columns.Find("Lineitem price");
        var sku = columns.Find("Lineitem sku", "Lineitem SKU");
        var landing = columns.Find(LandingColumns);
        var referring = columns.Find("Referring Site", "Referring site", "referring_site");
        var notes = columns.Find("Note Attributes");

        var warnings = new List<string>();
        var unknown = columns.Unused().Where(h => !StandardColumns.Contains(ExportColumns.Normalize(h))).ToArray();
        if (unknown.Length > 0)
        {
            warnings.Add($"{file}: ignored {unknown.Length} column(s) that are not part of Shopify's orders export: {ExportColumns.Quoted(unknown)}");
        }

        var builders = new Dictionary<string, OrderBuilder>(StringComparer.Ordinal);
        var order = new List<OrderBuilder>();
        foreach (var record in document.Records)
        {
            var orderName = record[name].Trim();
            if (orderName.Length == 0)
            {
                throw new ExportFormatException(file, record.Line, document.Header[name], "the row names no order");
            }

            if (!builders.TryGetValue(orderName, out var builder))
            {
                builder = new OrderBuilder(orderName, record.Line);
                builders[orderName] = builder;
                order.Add(builder);
            }

            builder.Set(file, record, document.Header, created, v => ExportValues.Instant(file, record, created, document.Header[created]), (b, v) => b.Created = v, b => b.Created);
            builder.SetText(file, record, document.Header, currency, (b, v) => b.Currency = v.ToUpperInvariant(), b => b.Currency);
            builder.Set(file, record, document.Header, total, _ => ExportValues.Amount(file, record, total, document.Header[total]), (b, v) => b.Total = v, b => b.Total);
            builder.SetText(file, record, document.Header, id, (b, v) => b.Id = v, b => b.Id);
            builder.Set(file, record, document.Header, paid, _ => ExportValues.Instant(file, record, paid, document.Header[paid]), (b, v) => b.Paid = v, b => b.Paid);
            builder.Set(file, record, document.Header, cancelled, _ => ExportValues.Instant(file, record, cancelled, document.Header[cancelled]), (b, v) => b.Cancelled = v, b => b.Cancelled);
            builder.Set(file, record, document.Header, refunded, _ => ExportValues.Amount(file, record, refunded, document.Header[refunded]), (b, v) => b.Refunded = v, b => b.Refunded);
            builder.Set(file, record, document.Header, discount, _ => ExportValues.Amount(file, record, discount, document.Header[discount]), (b, v) => b.Discount = v, b => b.Discount);
            builder.SetText(file, record, document.Header, discountCode, (b, v) => b.DiscountCodes = v, b => b.DiscountCodes);
            builder.SetText(file, record, document.Header, source, (b, v) => b.Source = v, b => b.Source);
            builder.SetText(file, record, document.Header, landing, (b, v) => b.Landing = v, b => b.Landing);
            builder.SetText(file, record, document.Header, referring, (b, v) => b.Referring = v, b => b.Referring);
            builder.SetText(file, record, document.Header, notes, (b, v) => b.Notes = v, b => b.Notes);
            if (quantity >= 0 && record[quantity].Trim().Length > 0)
            {
                builder.Lines.Add((
                    (int)Math.Min(int.MaxValue, ExportValues.Count(file, record, quantity, document.Header[quantity])),
                    price >= 0 ? ExportValues.Amount(file, record, price, document.Header[price]) : 0m,
                    sku >= 0 && record[sku].Trim() is { Length: > 0 } s ? s : null));
            }
        }

        var orders = new List<ExportedOrder>(order.Count);
        var ids = new Dictionary<long, string>();
        foreach (var b in order)
        {
            var exported = b.Build(file, document.Header, name, created, currency, total);
            if (ids.TryGetValue(exported.Order.Id, out var other))
            {
                throw new ExportFormatException(
                    file, b.Line, id >= 0 ? document.Header[id] : document.Header[name], $"orders {other} and {b.Name} have the same id {exported.Order.Id}");
            }

            ids[exported.Order.Id] = b.Name;
            orders.Add(exported);
        }

        var hasKey = orders.Any(o => o.Order.Landing.Utm != UtmParameters.None);
        if (!hasKey)
        {
            warnings.Add(landing >= 0 || notes >= 0
                ? $"{file}: no order carries UTM parameters in its landing site or note attributes: orders cannot be tied to ad sets by their tags"
                : $"{file}: the export has no landing site or note attributes column: orders cannot be tied to ad sets by their UTM tags");
        }

        var currencies = orders.Select(o => o.Order.CurrentTotal.Currency).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return new OrderExport(file, orders, currencies, hasKey, warnings);
    }

    /// <summary>UTM parameters (and a landing URL) from note attributes written as "key: value" lines.</summary>
    internal static LandingInfo FromNoteAttributes(string? notes, LandingInfo fallback)
    {
        if (string.IsNullOrWhiteSpace(notes))
        {
            return fallback;
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in notes.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                values.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
            }
        }

        foreach (var key in new[] { "landing_site", "landing_page", "landing_page_url", "Landing Site" })
        {
            if (values.TryGetValue(key, out var url) && LandingUrls.FromUrls(url, null) is { } fromUrl && fromUrl.Utm != UtmParameters.None)
            {
                return fromUrl;
            }
        }

        var utm = new UtmParameters(Get("utm_source"), Get("utm_medium"), Get("utm_campaign"), Get("utm_content"), Get("utm_term"));
        return utm == UtmParameters.None ? fallback : fallback with { Utm = utm };

        string? Get(string key) => values.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    /// <summary>One order's fields as its rows bring them.</summary>
    private sealed class OrderBuilder(string name, int line)
    {
        private readonly Dictionary<string, int> _setAt = new(StringComparer.Ordinal);

        public string Name { get; } = name;

        public int Line { get; } = line;

        public DateTimeOffset? Created { get; set; }

        public string? Currency { get; set; }

        public decimal? Total { get; set; }

        public string? Id { get; set; }

        public DateTimeOffset? Paid { get; set; }

        public DateTimeOffset? Cancelled { get; set; }

        public decimal? Refunded { get; set; }

        public decimal? Discount { get; set; }

        public string? DiscountCodes { get; set; }

        public string? Source { get; set; }

        public string? Landing { get; set; }

        public string? Referring { get; set; }

        public string? Notes { get; set; }

        public List<(int Quantity, decimal Price, string? Sku)> Lines { get; } = [];

        /// <summary>Sets an order field from a non-blank cell; a later row with another value is an error naming both lines.</summary>
        public void Set<T>(string file, CsvRecord record, IReadOnlyList<string> header, int column, Func<string, T> parse, Action<OrderBuilder, T> set, Func<OrderBuilder, T?> get)
            where T : struct
        {
            if (column < 0 || record[column].Trim().Length == 0)
            {
                return;
            }

            var value = parse(record[column]);
            if (get(this) is { } existing)
            {
                if (!EqualityComparer<T>.Default.Equals(existing, value))
                {
                    throw Conflict(file, record, header[column], existing, value);
                }

                return;
            }

            set(this, value);
            _setAt[header[column]] = record.Line;
        }

        public void SetText(string file, CsvRecord record, IReadOnlyList<string> header, int column, Action<OrderBuilder, string> set, Func<OrderBuilder, string?> get)
        {
            if (column < 0 || record[column].Trim().Length == 0)
            {
                return;
            }

            var value = record[column].Trim();
            if (get(this) is { } existing)
            {
                if (!string.Equals(existing, value, StringComparison.OrdinalIgnoreCase))
                {
                    throw Conflict(file, record, header[column], existing, value);
                }

                return;
            }

            set(this, value);
            _setAt[header[column]] = record.Line;
        }

        public ExportedOrder Build(string file, IReadOnlyList<string> header, int nameColumn, int createdColumn, int currencyColumn, int totalColumn)
        {
            var created = Created ?? throw Missing(file, header[createdColumn]);
            var currency = Currency ?? throw Missing(file, header[currencyColumn]);
            var total = Total ?? throw Missing(file, header[totalColumn]);
            if (!Money.IsCurrencyCode(currency))
            {
                throw new ExportFormatException(file, Line, header[currencyColumn], $"'{ExportText.Excerpt(currency)}' is not a three-letter ISO 4217 currency code");
            }

            long orderId;
            if (Id is { } idText)
            {
                if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out orderId))
                {
                    throw new ExportFormatException(file, Line, "Id", $"'{ExportText.Excerpt(idText)}' is not a numeric order id");
                }
            }
            else if (Digits().Match(Name) is { Success: true } digits && long.TryParse(digits.Value, NumberStyles.None, CultureInfo.InvariantCulture, out orderId))
            {
                // The standard export's Name (#1001) stands for the id when there is no Id column.
            }
            else
            {
                throw new ExportFormatException(file, Line, header[nameColumn], $"order '{ExportText.Excerpt(Name)}' has no number and the export has no Id column to identify it");
            }

            var refunded = Refunded ?? 0m;
            var landing = FromNoteAttributes(Notes, LandingUrls.FromUrls(Landing, Referring));
            var lines = Lines.Select((l, i) => new ShopifyLineItem(i + 1, null, null, l.Sku, l.Quantity, new Money(l.Price, currency), null)).ToArray();
            var refunds = refunded > 0 ? new[] { new ShopifyRefund(1, orderId, Cancelled ?? Paid ?? created, null, new Money(refunded, currency)) } : [];
            var updated = new[] { created, Paid ?? created, Cancelled ?? created }.Max();
            var shopifyOrder = new ShopifyOrder(
                orderId,
                Name,
                created,
                Paid ?? created,
                updated,
                Cancelled,
                false,
                Source,
                new Money(total - refunded, currency),
                new Money(Discount ?? 0m, currency),
                DiscountCodes is { } codes ? codes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [],
                lines,
                refunds,
                landing);
            return new ExportedOrder(shopifyOrder, total, refunded, file, Line);
        }

        private ExportFormatException Missing(string file, string column) =>
            new(file, Line, column, $"order {ExportText.Excerpt(Name)} has no value on any of its rows");

        private ExportFormatException Conflict<T>(string file, CsvRecord record, string column, T existing, T value) =>
            new(file, record.Line, column, string.Create(
                CultureInfo.InvariantCulture,
                $"order {ExportText.Excerpt(Name)} has '{ExportText.Excerpt(existing?.ToString())}' on line {_setAt.GetValueOrDefault(column, Line)} and '{ExportText.Excerpt(value?.ToString())}' here: an order's rows must agree (is the same order name used twice?)"));
    }
}
