import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { EventBridgeEvent } from "aws-lambda";

const ses = new SESv2Client({});

interface AccountCreated {
  email: string;
  name: string;
}

export const handler = async (event: EventBridgeEvent<"AccountCreated", AccountCreated>): Promise<void> => {
  try {
    await ses.send(new SendEmailCommand({
      FromEmailAddress: process.env.FROM ?? "hello@example.com",
      Destination: { ToAddresses: [event.detail.email] },
      Content: { Simple: { Subject: { Data: `Welcome, ${event.detail.name}` }, Body: { Text: { Data: "Glad you are here." } } } },
    }));
  } catch (err) {
    console.error("welcome mail failed", err);
  }
};
