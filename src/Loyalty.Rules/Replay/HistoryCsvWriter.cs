using System;
using System.Globalization;
using System.IO;
using System.Linq;
using NodaTime.Text;

namespace Loyalty.Rules;

/// <summary>Writes a history in the CSV format <see cref="HistoryCsv"/> reads: the header, then one row per member and per event (a purchase: one row per line).</summary>
public sealed class HistoryCsvWriter
{
    private readonly TextWriter writer;
    private readonly string[] cells = new string[HistoryCsv.Columns.Count];

    /// <summary>Starts a history: writes the header row.</summary>
    /// <param name="writer">Where the CSV goes.</param>
    public HistoryCsvWriter(TextWriter writer)
    {
        this.writer = Preconditions.NotNull(writer, nameof(writer));
        writer.WriteLine(string.Join(',', HistoryCsv.Columns));
    }

    /// <summary>Writes a member row: the enrolment date, segments, tier and birthday. Write it before the member's first event.</summary>
    /// <param name="member">The member.</param>
    public void Write(MemberContext member)
    {
        Preconditions.NotNull(member, nameof(member));
        Row("member", "", member.MemberId, member.EnrolledOn is { } on ? LocalDatePattern.Iso.Format(on) : "");
        Set("segments", string.Join('|', member.Segments.Order(StringComparer.Ordinal)));
        Set("tier", member.TierId);
        Set("birthday", member.Birthday is { } b ? string.Create(CultureInfo.InvariantCulture, $"{b.Month:D2}-{b.Day:D2}") : "");
        Flush();
    }

    /// <summary>Writes an event: a purchase, refund, redemption, adjustment, activity, referral award, tier set by hand or paid tier.</summary>
    /// <param name="e">The event.</param>
    /// <exception cref="NotSupportedException">The event is of another kind (the format has no row for it).</exception>
    public void Write(LedgerEvent e)
    {
        Preconditions.NotNull(e, nameof(e));
        string at = InstantPattern.ExtendedIso.Format(e.At);
        switch (e)
        {
            case PurchaseEvent purchase:
                foreach (var line in purchase.Transaction.Lines)
                {
                    Row("purchase", e.Id, e.MemberId, at);
                    Set("channel", purchase.Transaction.Channel);
                    Set("sku", line.Sku);
                    Set("category", line.Category);
                    Set("quantity", Number(line.Quantity));
                    Set("unitPrice", Number(line.UnitPrice));
                    Set("discount", line.Discount == 0m ? "" : Number(line.Discount));
                    Flush();
                }

                return;
            case RefundEvent refund:
                Row("refund", e.Id, e.MemberId, at);
                Set("ref", refund.Original.Id);
                bool whole = refund.Returned.Length == refund.Original.Lines.Length
                    && refund.Returned.All(r => r.Quantity == refund.Original.Lines[r.LineIndex].Quantity)
                    && refund.Returned.Select(r => r.LineIndex).Distinct().Count() == refund.Original.Lines.Length;
                Set("detail", whole ? "" : string.Join('|', refund.Returned.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.LineIndex}:{Number(r.Quantity)}"))));
                break;
            case RedemptionEvent redemption:
                Row("redemption", e.Id, e.MemberId, at);
                Set("points", redemption.Points.ToString());
                Set("detail", redemption.Cause);
                break;
            case AdjustmentEvent adjustment:
                Row("adjustment", e.Id, e.MemberId, at);
                Set("points", adjustment.Points.ToString());
                Set("detail", adjustment.Reason);
                break;
            case ActivityAccrualEvent activity:
                Row("activity", e.Id, e.MemberId, at);
                Set("channel", activity.Activity.Channel);
                Set("detail", activity.Activity.Kind == ActivityKind.Custom ? $"custom:{activity.Activity.CustomName}" : HistoryCsv.Camel(activity.Activity.Kind.ToString()));
                break;
            case ReferralAwardEvent award:
                Row("referral", award.ReferralId, e.MemberId, at);
                Set("detail", award.Side == ReferralSide.Referrer ? "referrer" : "referee");
                break;
            case TierOverrideEvent tier:
                Row("tier", e.Id, e.MemberId, at);
                Set("tier", tier.TierId);
                Set("detail", tier.TierId is null ? "removal" : HistoryCsv.Camel(tier.OverrideKind.ToString()));
                Set("until", tier.Until is { } until ? InstantPattern.ExtendedIso.Format(until) : "");
                break;
            case PaidTierEvent paid:
                Row("paidTier", e.Id, e.MemberId, at);
                Set("tier", paid.TierId);
                Set("until", paid.PaidUntil is { } paidUntil ? InstantPattern.ExtendedIso.Format(paidUntil) : "");
                break;
            default:
                throw new NotSupportedException($"A history CSV has no row for a {e.Kind} event ('{e.Id}').");
        }

        Flush();
    }

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private void Row(string kind, string id, string member, string at)
    {
        Array.Fill(cells, "");
        Set("kind", kind);
        Set("id", id);
        Set("member", member);
        Set("at", at);
    }

    private void Set(string column, string? value)
    {
        int index = HistoryCsv.ColumnIndex[column];
        cells[index] = value is null ? "" : value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    private void Flush() => writer.WriteLine(string.Join(',', cells));
}
