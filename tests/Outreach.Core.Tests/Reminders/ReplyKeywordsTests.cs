using Outreach.Reminders;

namespace Outreach.Core.Tests.Reminders;

public class ReplyKeywordsTests
{
    [Theory]
    [InlineData("退订")]
    [InlineData("  退订。 ")]
    [InlineData("我要退订")]
    [InlineData("TD")]
    [InlineData("td")]
    [InlineData("ＴＤ")]
    [InlineData("　Ｔｄ　")]
    [InlineData("T")]
    [InlineData("t")]
    [InlineData("Stop!")]
    [InlineData("ＳＴＯＰ")]
    [InlineData("unsubscribe")]
    [InlineData("取消")]
    [InlineData("取消。")]
    public void Unsubscribe_replies_are_recognised_in_any_width_case_and_padding(string reply)
    {
        Assert.Equal(ReplyIntent.Unsubscribe, ReplyKeywords.Classify(reply));
    }

    [Theory]
    [InlineData("T恤")]
    [InlineData("TD是什么意思")]
    [InlineData("取消明天的走访吗")]
    [InlineData("stopped by, nobody home")]
    [InlineData("收到，谢谢")]
    [InlineData("订")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_replies_that_merely_contain_a_short_keyword_change_nothing(string? reply)
    {
        Assert.Equal(ReplyIntent.None, ReplyKeywords.Classify(reply));
    }

    [Theory]
    [InlineData("订阅")]
    [InlineData("START")]
    [InlineData("ｓｔａｒｔ。")]
    public void Resubscribe_replies_are_exact_words(string reply)
    {
        Assert.Equal(ReplyIntent.Resubscribe, ReplyKeywords.Classify(reply));
    }

    [Fact]
    public void A_reply_that_asks_to_unsubscribe_and_subscribe_unsubscribes()
    {
        Assert.Equal(ReplyIntent.Unsubscribe, ReplyKeywords.Classify("退订，不要再订阅"));
    }
}
