using Outreach.Reminders;

namespace Outreach.Core.Tests.Reminders;

public class SmsSegmentsTests
{
    [Fact]
    public void Empty_text_is_zero_segments()
    {
        Assert.Equal(new SmsCount(SmsEncoding.Gsm7, 0, 0, 0), SmsSegments.Count(""));
    }

    [Theory]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    public void Plain_ascii_is_gsm7_with_160_single_and_153_per_part(int length, int segments)
    {
        var count = SmsSegments.Count(new string('a', length));
        Assert.Equal(new SmsCount(SmsEncoding.Gsm7, length, length, segments), count);
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Chinese_is_ucs2_with_70_single_and_67_per_part(int length, int segments)
    {
        var count = SmsSegments.Count(new string('访', length));
        Assert.Equal(new SmsCount(SmsEncoding.Ucs2, length, length, segments), count);
    }

    [Fact]
    public void Gsm_basic_set_accents_and_greek_stay_gsm7()
    {
        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.Count("Ça va? Ünd Δ_Ω @ £ ¥ § ¿¡ èéùìò").Encoding);
    }

    [Fact]
    public void An_accent_outside_gsm_03_38_makes_it_ucs2()
    {
        Assert.Equal(SmsEncoding.Ucs2, SmsSegments.Count("Ça coûte").Encoding);
    }

    [Fact]
    public void Extension_table_characters_count_two_septets()
    {
        var count = SmsSegments.Count("{}[]~|^\\€");
        Assert.Equal(new SmsCount(SmsEncoding.Gsm7, 9, 18, 1), count);
    }

    [Fact]
    public void Eighty_euro_signs_are_160_septets_in_one_segment_and_one_more_makes_two()
    {
        Assert.Equal(1, SmsSegments.Count(new string('€', 80)).Segments);
        Assert.Equal(2, SmsSegments.Count(new string('€', 81)).Segments);
    }

    [Fact]
    public void An_escape_pair_never_straddles_two_parts()
    {
        // 152 plain septets then '€' (2): 154 septets do not fit one part of 153, so the pair moves whole to part
        // two, and 10 more characters still fit there.
        var text = new string('a', 152) + "€" + new string('b', 10);
        var count = SmsSegments.Count(text);
        Assert.Equal(164, count.Units);
        Assert.Equal(2, count.Segments);
        Assert.Equal(3, SmsSegments.Count(new string('a', 152) + "€" + new string('b', 152)).Segments);
    }

    [Fact]
    public void An_emoji_is_one_character_and_two_ucs2_units()
    {
        var count = SmsSegments.Count("好👍");
        Assert.Equal(new SmsCount(SmsEncoding.Ucs2, 2, 3, 1), count);
    }

    [Fact]
    public void Emoji_after_69_chinese_characters_overflows_into_a_second_segment()
    {
        Assert.Equal(1, SmsSegments.Count(new string('访', 68) + "👍").Segments);
        Assert.Equal(2, SmsSegments.Count(new string('访', 69) + "👍").Segments);
    }

    [Fact]
    public void A_surrogate_pair_never_straddles_two_parts()
    {
        // 66 units, then a pair: 68 does not fit a part of 67, so the pair starts part two.
        var text = new string('访', 66) + "👍" + new string('访', 65);
        var count = SmsSegments.Count(text);
        Assert.Equal(133, count.Units);
        Assert.Equal(2, count.Segments);
        Assert.Equal(3, SmsSegments.Count(text + "访").Segments);
    }

    [Fact]
    public void One_non_gsm_character_makes_the_whole_message_ucs2()
    {
        var count = SmsSegments.Count(new string('a', 100) + "访");
        Assert.Equal(SmsEncoding.Ucs2, count.Encoding);
        Assert.Equal(2, count.Segments);
    }

    [Fact]
    public void Shorten_leaves_a_text_that_fits_alone()
    {
        const string text = "header\nitem\nlink";
        Assert.Same(text, SmsSegments.Shorten(text, 1, _ => throw new InvalidOperationException()));
    }

    [Fact]
    public void Shorten_drops_items_from_the_end_and_keeps_the_header_and_link()
    {
        var items = Enumerable.Range(1, 12).Select(i => $"{i}. 张三{i}，幸福里{i}号楼201（与李明同去）");
        var text = string.Join('\n', ["【走访提醒】王芳您好，明天有12户走访：", .. items, "登记：https://x.cn/v/1"]);
        Assert.True(SmsSegments.Count(text).Segments > 3);

        var shortened = SmsSegments.Shorten(text, 3, dropped => $"……另有{dropped}户，详见链接");

        Assert.True(SmsSegments.Count(shortened).Segments <= 3);
        var lines = shortened.Split('\n');
        Assert.Equal("【走访提醒】王芳您好，明天有12户走访：", lines[0]);
        Assert.Equal("登记：https://x.cn/v/1", lines[^1]);
        var kept = lines.Length - 3;
        Assert.Equal($"……另有{12 - kept}户，详见链接", lines[^2]);
        Assert.Equal(items.Take(kept), lines[1..^2]);
        // As many items as fit: one more would not.
        var oneMore = string.Join('\n', [lines[0], .. items.Take(kept + 1), $"……另有{12 - kept - 1}户，详见链接", lines[^1]]);
        Assert.True(SmsSegments.Count(oneMore).Segments > 3);
    }

    [Fact]
    public void Shorten_cuts_a_single_long_line_between_characters_never_inside_an_emoji()
    {
        var text = string.Concat(Enumerable.Repeat("访👍", 60));
        var shortened = SmsSegments.Shorten(text, 1, _ => "");
        Assert.Equal(1, SmsSegments.Count(shortened).Segments);
        Assert.EndsWith("…", shortened);
        Assert.All(shortened.EnumerateRunes(), rune => Assert.NotEqual(System.Text.Rune.ReplacementChar, rune));
        Assert.False(char.IsHighSurrogate(shortened[^2]));
    }

    [Fact]
    public void A_digest_whose_first_line_alone_is_too_long_keeps_its_link_line()
    {
        var text = string.Join('\n', ["【走访提醒】" + new string('长', 300) + "您好，明天有1家企业走访：", "1. 滨海化工有限公司", "走访后请登记结果：https://outreach.example.cn/v/7Kq2xP"]);

        var shortened = SmsSegments.Shorten(text, 3, dropped => $"另有{dropped}户，详见链接");

        Assert.InRange(SmsSegments.Count(shortened).Segments, 1, 3);
        Assert.StartsWith("【走访提醒】长长", shortened);
        Assert.EndsWith("…\n走访后请登记结果：https://outreach.example.cn/v/7Kq2xP", shortened);
    }

    [Fact]
    public void A_one_line_message_too_long_keeps_its_link()
    {
        var text = "【走访逾期】王芳您好，" + new string('长', 300) + "的走访已逾期3天，请尽快走访并登记结果：https://outreach.example.cn/v/7Kq2xP";

        var shortened = SmsSegments.Shorten(text, 2, _ => "");

        Assert.InRange(SmsSegments.Count(shortened).Segments, 1, 2);
        Assert.EndsWith("…https://outreach.example.cn/v/7Kq2xP", shortened);
    }
}
