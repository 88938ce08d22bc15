"""allauth's login stages as Jinpin runs them."""

from allauth.account.stages import PhoneVerificationStage


class SignupPhoneVerificationStage(PhoneVerificationStage):
    """A number is proved with a code at sign-up. Signing in to an account whose number was
    never proved (typed in a profile before numbers were verified, or a sign-up left half-way)
    does not stop at it: its holder verifies it from the profile or the account settings when
    they choose, and can correct a wrong one there. The number signs nobody in until then."""

    def handle(self):
        if not self.login.signup:
            return None, True
        return super().handle()
