from guichet.core.channels import Channel


def test_channel_vocabulary_has_the_five_equal_channels():
    assert Channel.values == ["online", "counter", "phone", "mail", "aidant"]
    assert str(Channel.COUNTER.label) == "Au guichet"


def test_agent_entered_channels_are_counter_phone_and_mail():
    assert Channel.agent_entered() == [Channel.COUNTER, Channel.PHONE, Channel.MAIL]
