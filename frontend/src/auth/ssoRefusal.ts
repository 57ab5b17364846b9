// ssoRefusal says, for each reason the server refuses a single sign-on
// (/signin?error=CODE), what happened and what the person can do about it.
export interface Refusal {
  happened: string;
  todo: string;
}

export function ssoRefusal(code: string, label: string): Refusal {
  switch (code) {
    case 'cancelled':
      return { happened: `You cancelled signing in with ${label}.`, todo: `To sign in, select "Sign in with ${label}" and finish signing in there.` };
    case 'uninvited':
      return {
        happened: `Your ${label} account does not have a Confer account.`,
        todo: `Ask your Confer administrator to add you, using the email address of your ${label} account.`,
      };
    case 'unverified':
      return {
        happened: `${label} has not confirmed your email address, so Confer cannot tell which account is yours.`,
        todo: 'Ask your IT service desk to confirm the email address on your account.',
      };
    case 'no_email':
      return {
        happened: `${label} did not tell Confer your email address.`,
        todo: 'Tell your Confer administrator: single sign-on needs the email address (the "email" scope).',
      };
    case 'bound':
      return {
        happened: `Your Confer account is linked to a different ${label} account.`,
        todo: 'Sign in with the account you used the first time. If that account has changed, ask your Confer administrator for help.',
      };
    case 'expired':
      return { happened: 'Your sign-in took too long and ran out of time.', todo: 'Try again.' };
    case 'state':
      return {
        happened: 'Your sign-in could not be finished. It may have taken more than 10 minutes, or started in another browser.',
        todo: 'Try again from this page.',
      };
    case 'token':
      return {
        happened: `Confer could not check the sign-in details from ${label}.`,
        todo: 'Try again. If it keeps happening, tell your Confer administrator.',
      };
    case 'unavailable':
      return { happened: `Confer cannot reach ${label} at the moment.`, todo: 'Try again in a few minutes.' };
    case 'provider':
      return { happened: `${label} could not sign you in.`, todo: 'Try again in a few minutes.' };
    case 'busy':
      return { happened: 'There have been too many sign-in attempts from your network.', todo: 'Wait a few minutes, then try again.' };
    case 'off':
      return { happened: 'Single sign-on is not set up on this Confer.', todo: 'Sign in with a link by email instead.' };
    default:
      return { happened: 'Something went wrong signing you in.', todo: 'Try again.' };
  }
}
