using System;
using System.Collections.Generic;
using System.Linq;

namespace Loyalty.Rules.Accrual;

/// <summary>A per-transaction cap; acts on the rounded total, after the pipeline.</summary>
internal sealed class CapStep(TransactionCap cap, CompileContext context) : Step(cap, context)
{
    private readonly long max = cap.MaxPoints.Value;
    private readonly string reason = Explain(cap, $"capped at {cap.MaxPoints} per transaction");

    /// <summary>Caps are not pipeline steps; the evaluator calls <see cref="Cap"/> after rounding.</summary>
    public override bool Apply(in Occasion o, ref Basket b, ref ItemSink sink) => false;

    /// <summary>How many more points the cap lets through after <paramref name="total"/> (long.MaxValue when it does not hold).</summary>
    public long Room(in Occasion o, long total) => !Holds(o) ? long.MaxValue : Math.Max(0, max - total);

    public bool Cap(in Occasion o, ref long total, ref ItemSink sink)
    {
        if (total <= max || !Holds(o))
        {
            return false;
        }

        sink.Add(Id, AccrualItemKind.Cap, max - total, null, reason);
        total = max;
        return true;
    }
}
