using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace AdPilot.WebhookLoad;

/// <summary>
/// One load run. Open loop (rate &gt; 0): request <c>i</c> is due at <c>i / rate</c> seconds and goes out then whether or not
/// earlier ones were answered, and its latency counts from when it was due, so a stalled receiver shows in the
/// percentiles instead of slowing the sender (no coordinated omission). Closed loop (rate 0): a fixed number of requests in
/// flight, each sent as the previous one is answered, for the most the receiver can take.
/// </summary>
internal static class LoadRun
{
    private const int RepeatWindow = 1000;

    public static async Task<LoadResult> RunAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        ThreadPool.SetMinThreads(Math.Max(64, options.Concurrency), Math.Max(64, options.Concurrency));
        using var client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(512, options.Concurrency),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var secret = Encoding.UTF8.GetBytes(options.Secret);
        var planner = new Planner(options.DuplicateShare, options.Seed);
        var counts = new Counts();
        var time = TimeProvider.System;

        // Warm the connections and the receiver's first paths, outside the measurement (ids of their own, counted apart).
        for (var i = 0; i < 20; i++)
        {
            await SendAsync(client, options, secret, $"warm-{options.Prefix}{i}", options.FirstOrderId - 1 - i, new Counts(), cancellationToken).ConfigureAwait(false);
        }

        var start = time.GetTimestamp();
        List<double> latencies;
        if (options.Rate > 0)
        {
            var total = (int)(options.Rate * options.Seconds);
            var plan = Enumerable.Range(0, total).Select(_ => planner.Next()).ToArray();
            var ticksPerRequest = (double)time.TimestampFrequency / options.Rate;
            var done = new double[total];
            var tasks = new Task[total];
            var next = 0;
            while (next < total)
            {
                var due = Math.Min(total, (int)((time.GetTimestamp() - start) / ticksPerRequest) + 1);
                for (; next < due; next++)
                {
                    var index = next;
                    var scheduled = start + (long)(index * ticksPerRequest);
                    tasks[index] = Task.Run(
                        async () =>
                        {
                            await SendPlannedAsync(client, options, secret, plan[index], counts, cancellationToken).ConfigureAwait(false);
                            done[index] = time.GetElapsedTime(scheduled).TotalMilliseconds;
                        },
                        cancellationToken);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(1), time, cancellationToken).ConfigureAwait(false);
            }

            await Task.WhenAll(tasks).ConfigureAwait(false);
            latencies = [.. done];
        }
        else
        {
            var deadline = start + (long)(options.Seconds * time.TimestampFrequency);
            var perWorker = await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(
                async () =>
                {
                    var mine = new List<double>();
                    while (time.GetTimestamp() < deadline)
                    {
                        var sent = time.GetTimestamp();
                        await SendPlannedAsync(client, options, secret, planner.Next(), counts, cancellationToken).ConfigureAwait(false);
                        mine.Add(time.GetElapsedTime(sent).TotalMilliseconds);
                    }

                    return mine;
                },
                cancellationToken))).ConfigureAwait(false);
            latencies = [.. perWorker.SelectMany(l => l)];
        }

        var seconds = time.GetElapsedTime(start).TotalSeconds;
        var errors = counts.Errors;
        var unacknowledged = await RedeliverAsync(client, options, secret, counts, cancellationToken).ConfigureAwait(false);
        latencies.Sort();
        return new LoadResult(
            latencies.Count,
            planner.Unique,
            planner.Repeats,
            counts.Stored,
            counts.Duplicates,
            errors,
            counts.FailedWebhooks().Count,
            unacknowledged,
            seconds,
            (latencies.Count - errors) / seconds,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.95),
            Percentile(latencies, 0.99),
            latencies.Count == 0 ? 0 : latencies[^1],
            options.FirstOrderId);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static async Task SendPlannedAsync(HttpClient client, LoadOptions options, byte[] secret, long unique, Counts counts, CancellationToken cancellationToken)
    {
        if (!await SendAsync(client, options, secret, options.Prefix + unique.ToString(CultureInfo.InvariantCulture), options.FirstOrderId + unique, counts, cancellationToken).ConfigureAwait(false))
        {
            counts.Failed(unique);
        }
    }

    /// <summary>Sends again, as Shopify does, each webhook whose delivery was not acknowledged; returns how many never were.</summary>
    private static async Task<long> RedeliverAsync(HttpClient client, LoadOptions options, byte[] secret, Counts counts, CancellationToken cancellationToken)
    {
        var never = 0L;
        foreach (var unique in counts.FailedWebhooks())
        {
            var acknowledged = false;
            for (var attempt = 0; attempt < 5 && !acknowledged; attempt++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, cancellationToken).ConfigureAwait(false);
                acknowledged = await SendAsync(
                    client, options, secret, options.Prefix + unique.ToString(CultureInfo.InvariantCulture), options.FirstOrderId + unique, counts, cancellationToken).ConfigureAwait(false);
            }

            never += acknowledged ? 0 : 1;
        }

        return never;
    }

    private static async Task<bool> SendAsync(
        HttpClient client, LoadOptions options, byte[] secret, string webhookId, long orderId, Counts counts, CancellationToken cancellationToken)
    {
        var body = OrderBody(orderId);
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Shopify-Hmac-Sha256", Convert.ToBase64String(HMACSHA256.HashData(secret, body)));
        request.Headers.Add("X-Shopify-Topic", "orders/create");
        request.Headers.Add("X-Shopify-Shop-Domain", options.Shop);
        request.Headers.Add("X-Shopify-API-Version", "2026-01");
        request.Headers.Add("X-Shopify-Webhook-Id", webhookId);
        request.Headers.Add("X-Shopify-Event-Id", webhookId);
        try
        {
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                counts.Error();
                return false;
            }

            if (text.Contains("\"stored\"", StringComparison.Ordinal))
            {
                counts.Store();
                return true;
            }

            if (text.Contains("\"duplicate\"", StringComparison.Ordinal))
            {
                counts.Duplicate();
                return true;
            }

            counts.Error();
            return false;
        }
        catch (HttpRequestException)
        {
            counts.Error();
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            counts.Error(); // the client's timeout
            return false;
        }
    }

    /// <summary>A REST order as Shopify sends it (about 1.5 KB), with the buyer's personal data the receiver must not keep.</summary>
    private static byte[] OrderBody(long id)
    {
        var total = 10 + (id % 9000) / 100m;
        return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $$$"""
            {"id":{{{id}}},"admin_graphql_api_id":"gid://shopify/Order/{{{id}}}","name":"#{{{id}}}","email":"buyer{{{id}}}@example.com",
             "created_at":"2026-03-01T10:00:00-05:00","updated_at":"2026-03-01T10:00:00-05:00","processed_at":"2026-03-01T10:00:00-05:00",
             "currency":"USD","current_total_price":"{{{total:0.00}}}","total_price":"{{{total:0.00}}}","total_discounts":"0.00","test":false,
             "source_name":"web","landing_site":"/products/shirt?utm_source=instagram&utm_medium=paid_social&utm_campaign=adpilot&utm_content=as{{{id % 50}}}",
             "referring_site":"https://l.instagram.com/","discount_codes":[],"financial_status":"paid","phone":"+15555550100",
             "customer":{"id":{{{id + 7}}},"email":"buyer{{{id}}}@example.com","first_name":"Jane","last_name":"Buyer","phone":"+15555550100",
               "default_address":{"address1":"1 Main Street","city":"Springfield","zip":"12345","country":"United States"}},
             "billing_address":{"first_name":"Jane","last_name":"Buyer","address1":"1 Main Street","city":"Springfield","zip":"12345","country":"United States","phone":"+15555550100"},
             "shipping_address":{"first_name":"Jane","last_name":"Buyer","address1":"1 Main Street","city":"Springfield","zip":"12345","country":"United States","phone":"+15555550100"},
             "note_attributes":[{"name":"gift","value":"no"}],"tags":"","browser_ip":"203.0.113.7"}
            """));
    }

    /// <summary>Which webhook each request carries: a new one, or (with the duplicate share) one of the last thousand again.</summary>
    private sealed class Planner(double duplicateShare, int seed)
    {
        private readonly Random _random = new(seed);
        private readonly Lock _gate = new();

        public long Unique { get; private set; }

        public long Repeats { get; private set; }

        public long Next()
        {
            lock (_gate)
            {
                if (Unique > 0 && _random.NextDouble() < duplicateShare)
                {
                    Repeats++;
                    return Unique - 1 - _random.NextInt64(Math.Min(Unique, RepeatWindow));
                }

                return Unique++;
            }
        }
    }

    private sealed class Counts
    {
        private long _stored;
        private long _duplicates;
        private readonly HashSet<long> _failed = [];
        private long _errors;

        public long Stored => Interlocked.Read(ref _stored);

        public long Duplicates => Interlocked.Read(ref _duplicates);

        public long Errors => Interlocked.Read(ref _errors);

        public void Store() => Interlocked.Increment(ref _stored);

        public void Duplicate() => Interlocked.Increment(ref _duplicates);

        public void Error() => Interlocked.Increment(ref _errors);

        public void Failed(long unique)
        {
            lock (_failed)
            {
                _failed.Add(unique);
            }
        }

        public IReadOnlyList<long> FailedWebhooks()
        {
            lock (_failed)
            {
                return [.. _failed.Order()];
            }
        }
    }
}
