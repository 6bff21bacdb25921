using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AdPilot.Runtime.Observability;

namespace AdPilot.Runtime.Tests.Observability;

/// <summary>Every measurement one <see cref="AdPilotMetrics"/> instance records, through a <see cref="MeterListener"/> (other tests' instances of the same meter name are left out).</summary>
internal sealed class RecordedMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public RecordedMeasurements(AdPilotMetrics metrics)
    {
        var meter = metrics.Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
    }

    /// <summary>Reads the observable gauges now.</summary>
    public void RecordObservables() => _listener.RecordObservableInstruments();

    /// <summary>The measurements of one instrument.</summary>
    public IReadOnlyList<Measurement> Of(string instrument) => [.. _measurements.Where(m => m.Instrument == instrument)];

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            labels[tag.Key] = tag.Value?.ToString() ?? "";
        }

        _measurements.Enqueue(new Measurement(instrument.Name, value, labels));
    }

    internal sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, string> Labels)
    {
        public string this[string label] => Labels.TryGetValue(label, out var v) ? v : "";
    }
}
