import re


def link_in(message) -> str:
    """The path of the first link of a mail (mails carry absolute links)."""
    url = re.search(r"https?://\S+", message.body).group(0)
    return re.sub(r"^https?://[^/]+", "", url)
