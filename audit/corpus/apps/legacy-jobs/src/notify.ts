import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";

const sns = new SNSClient({});

export const handler = async (event: unknown): Promise<{ sent: number }> => {
  await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: JSON.stringify(event) }));
  return { sent: 1 };
};
