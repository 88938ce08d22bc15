"""WeChat sign-in through allauth's WeChat provider ("weixin"), for both places people use it.

- On a computer: a QR code (the Open Platform's website application, `qrconnect`, scope
  snsapi_login) that the phone's WeChat scans. Settings WECHAT_APP_ID / WECHAT_APP_SECRET.
- Inside WeChat's own browser (its user agent says MicroMessenger): OAuth through the official
  account (公众号, `oauth2/authorize`, scope snsapi_userinfo), no QR to scan. Settings
  WECHAT_MP_APP_ID / WECHAT_MP_APP_SECRET.

Each application gives a person a different openid; the unionid is the same across the
applications of one Open Platform account, so it identifies the person when WeChat sends it
(it does once both are bound to one Open Platform account) and the openid otherwise.
"""

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.weixin.client import WeixinOAuth2Client
from allauth.socialaccount.providers.weixin.provider import WeixinProvider
from allauth.socialaccount.providers.weixin.views import WeixinOAuth2Adapter
from django.http import HttpRequest

QR_AUTHORIZE_URL = "https://open.weixin.qq.com/connect/qrconnect"
IN_WECHAT_AUTHORIZE_URL = "https://open.weixin.qq.com/connect/oauth2/authorize"
QR, IN_WECHAT = "qr", "in_wechat"


def in_wechat(request: HttpRequest | None) -> bool:
    """Whether the page is open in WeChat's built-in browser."""
    if request is None:
        return False
    return "micromessenger" in request.headers.get("user-agent", "").lower()


class WeChatClient(WeixinOAuth2Client):
    def get_redirect_url(self, authorization_url, scope, extra_params):
        url = super().get_redirect_url(authorization_url, scope, extra_params)
        # WeChat's in-browser authorisation page wants this fragment (its documentation's rule).
        if authorization_url.startswith(IN_WECHAT_AUTHORIZE_URL):
            url += "#wechat_redirect"
        return url


class WeChatOAuth2Adapter(WeixinOAuth2Adapter):
    client_class = WeChatClient

    @property
    def authorize_url(self):
        app = self.get_provider().app
        default = IN_WECHAT_AUTHORIZE_URL if app.settings.get("context") == IN_WECHAT else None
        return app.settings.get("authorize_url") or default or super().authorize_url


class WeChatProvider(WeixinProvider):
    """allauth's WeChat provider (its URLs and callback) with the context-dependent login and
    the unionid as the account's identity."""

    package = "allauth.socialaccount.providers.weixin"
    oauth2_adapter_class = WeChatOAuth2Adapter

    def extract_uid(self, data):
        return data.get("unionid") or data["openid"]


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_app(self, request: HttpRequest, provider, client_id=None):
        """For WeChat, the application that fits where the page is open (inside WeChat or
        not), the other one when only it is configured."""
        if provider != "weixin" or client_id:
            return super().get_app(request, provider, client_id=client_id)
        from allauth.socialaccount.models import SocialApp

        apps = self.list_apps(request, provider=provider)
        if not apps:
            raise SocialApp.DoesNotExist()
        wanted = IN_WECHAT if in_wechat(request) else QR
        return next((a for a in apps if a.settings.get("context") == wanted), apps[0])

    def populate_user(self, request: HttpRequest, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.full_name = (data.get("name") or "")[:100]  # WeChat's nickname, a suggestion
        return user

    def get_signup_form_initial_data(self, sociallogin) -> dict:
        return {
            **super().get_signup_form_initial_data(sociallogin),
            "full_name": sociallogin.user.full_name,
        }
