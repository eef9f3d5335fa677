using System.Collections.Immutable;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>What the account keeps of sent reminders.</summary>
internal static class ReminderState
{
    /// <summary>The reminders sent, until what they were about has expired and the retention window passed it.</summary>
    public static MemberStateKind<ImmutableArray<SentReminder>> Sent { get; } = new(
        "remindersSent", [], LedgerJson.Default.ImmutableArraySentReminder, SequenceComparer<SentReminder>.Instance, v => v.IsDefault ? [] : v, forget: Forget, merge: MemberStateKind.Both);

    private static ImmutableArray<SentReminder> Forget(ImmutableArray<SentReminder> sent, LoyaltyProgram program, LocalDate horizon)
    {
        var cut = ExpiryPolicy.StartOf(horizon, program.TimeZone);
        foreach (var reminder in sent)
        {
            if (reminder.ExpiresAt < cut)
            {
                return sent.RemoveAll(r => r.ExpiresAt < cut);
            }
        }

        return sent;
    }
}

/// <summary>A reminder sent: its id, and when what it was about expires (it is forgotten after that).</summary>
/// <param name="Id">The reminder id.</param>
/// <param name="ExpiresAt">When the points or voucher it was about expire.</param>
internal sealed record SentReminder(string Id, Instant ExpiresAt);
